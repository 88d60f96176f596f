/** Exit codes shared by every `parley` command. */
export const EXIT_OK = 0;
/** The input was read and has errors (e.g. a bot with error diagnostics). */
export const EXIT_FINDINGS = 1;
/** Bad usage or unreadable input: unknown option, missing path, invalid bot.json, ... */
export const EXIT_USAGE = 2;
/** A bug in Parley itself: an unexpected exception. */
export const EXIT_INTERNAL = 3;
