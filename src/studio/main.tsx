/** The studio's entry point (index.html loads it). */
import { render } from 'preact';

import { App } from './app.js';

const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(<App />, root);
}
