/**
 * The demo bot of the first start (studio-api.md §9.6): a greeting, a name remembered per user,
 * a question with buttons, and a `goto` into a second flow that the `/help` command also starts.
 */
import type { NewBot } from './bots.js';

const DEFAULT_FLOW = `start:
  say "Hi! I'm Parley's demo bot."
  if (name) {
    say "Welcome back, {{name}}!"
    goto menu
  }
  say "What's your name?"
  hold
  remember name = event
  say "Nice to meet you, {{name}}!"
  goto menu

menu:
  say Question(
    "What would you like to do?",
    buttons = [Button("Tell me a fact") as fact, Button("Help") as help, Button("Forget me") as forget_me]
  )
  hold
  if (event.match(fact)) {
    do facts = [
      "CSML flows are made of steps; hold waits for the user's next message.",
      "remember keeps a value for this user, across conversations.",
      "Every build is an immutable version: a conversation stays on the one it started with."
    ]
    say facts.one_of()
    goto menu
  } else if (event.match(help)) {
    goto flow Help
  } else if (event.match(forget_me)) {
    forget name
    say "Done: I no longer know your name. Bye!"
    goto end
  }
  say "Please pick one of the buttons (or type /help)."
  goto menu
`;

const HELP_FLOW = `start:
  say "This is the Help flow: the /help command or the Help button brings you here."
  say "Parley runs bots written in CSML, with an HTTP API compatible with CSML Studio."
  say Question("Back to the menu?", buttons = [Button("Yes") as yes, Button("No, bye") as bye])
  hold
  if (event.match(yes)) goto menu@Default
  if (name) say "Goodbye, {{name}}!"
  else say "Goodbye!"
  goto end
`;

export const DEMO_BOT: NewBot = {
  name: 'Demo',
  description: "Parley's demo bot: try it with the curl line printed at first start",
  flows: [
    { name: 'Default', content: DEFAULT_FLOW, commands: [], description: 'Greeting and menu' },
    { name: 'Help', content: HELP_FLOW, commands: ['/help'], description: 'What Parley is' },
  ],
  defaultFlow: 'Default',
};
