/** The enumerations of the Genesys models (textbots-api.md §2), values exactly as Genesys spells them. */

export const USER_AGENT_NAMES = [
  'Phone',
  'SMS',
  'GenesysWebWidget',
  'FacebookMessenger',
  'WeChat',
  'Whatsapp',
  'AppleBusinessChat',
  'Apple',
  'Telegram',
  'Slack',
  'Signal',
  'Line',
  'Discord',
  'TwitterDirectMessage',
  'Open',
  'Instagram',
  'Other',
  'Unknown',
] as const;

export const CHANNEL_NAMES = ['Chat', 'Call', 'Messaging'] as const;
export const MODES = ['Text'] as const;

export const INPUT_EVENT_TYPES = [
  'NoOp',
  'UserInput',
  'RichMediaInput',
  'Error',
  'NoMatch',
  'NoInput',
  'UserDisconnect',
  'ClientSessionExpired',
] as const;
export type InputEventType = (typeof INPUT_EVENT_TYPES)[number];

export const POST_TEXT_TYPES = [
  'Text',
  'Structured',
  'Receipt',
  'Event',
  'Message',
  'Unknown',
] as const;

export const BOT_CHANNELS = ['Call', 'Callback', 'Messaging', 'Webchat'] as const;

/** ConversationMessageContent `contentType` (§2.6). */
export const CONTENT_TYPES = [
  'Reactions',
  'Attachment',
  'Location',
  'QuickReply',
  'Notification',
  'ButtonResponse',
  'Story',
  'Mention',
  'Card',
  'Carousel',
  'Text',
  'QuickReplyV2',
  'DatePicker',
  'InteractiveApplication',
  'ListPicker',
  'PaymentRequest',
  'PaymentResponse',
  'Push',
  'Form',
  'RoadsideAssistance',
  'RichLink',
  'NotificationResponse',
  'Unknown',
] as const;

/** ConversationMessageEvent `eventType` (§2.6). */
export const MESSAGE_EVENT_TYPES = ['CoBrowse', 'Typing', 'Presence', 'Video', 'Unknown'] as const;

export function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}
