import type { ComponentSet } from './schema.js';

const url = { url: { required: true, type: 'String' } } as const;
const duration = { duration: { required: true, type: 'Number' } } as const;
const reason = { reason: { required: false, type: 'String' } } as const;

/**
 * The native components: the reference engine's twelve (csml.md §11.1) plus Parley's
 * `Disconnect` and `Escalate` (csml.md §18.1).
 */
export const NATIVE_COMPONENTS: ComponentSet = {
  Text: { params: [{ text: { required: true, type: 'String' } }] },
  Typing: { params: [duration] },
  Wait: { params: [duration] },
  Url: {
    params: [
      url,
      { text: { required: false, type: 'String', default_value: [{ $_get: 'url' }] } },
      { title: { required: false, type: 'String', default_value: [{ $_get: 'url' }] } },
    ],
  },
  Image: { params: [url] },
  Video: { params: [url] },
  Audio: { params: [url] },
  File: { params: [url] },
  Button: {
    params: [
      { title: { required: true, type: 'String' } },
      { payload: { required: false, type: 'String', default_value: [{ $_get: 'title' }] } },
      {
        accepts: {
          required: false,
          type: 'Array',
          default_value: [],
          add_value: [{ $_get: 'title' }, { $_get: 'payload' }],
        },
      },
    ],
  },
  Question: {
    params: [
      { title: { required: false, type: 'String', default_value: [], add_value: [] } },
      { buttons: { required: true, type: 'Array' } },
    ],
  },
  Card: {
    params: [
      { title: { required: true, type: 'String' } },
      { buttons: { required: false, type: 'Array' } },
    ],
  },
  Carousel: { params: [{ cards: { required: true, type: 'Array' } }] },
  Disconnect: { params: [reason] },
  Escalate: { params: [reason] },
};
