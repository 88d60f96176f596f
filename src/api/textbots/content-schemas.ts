/**
 * The ConversationMessageContent tree (textbots-api.md §2.6), reachable through
 * `inputEventRichMedia` and PostTextMessage `content`. Parley reads only ButtonResponse, but
 * every model must parse, and a wrong type or a missing required field is a 400 like anywhere
 * else (C3).
 *
 * Each schema is built twice (`ContentSchemas(strict)`): with enumerations as plain strings
 * for the structural check, and with the enumerations themselves, so that a value outside its
 * list is told apart as `invalid.value` once the structure is known to be right (C3).
 */
import { z } from 'zod';

import { CONTENT_TYPES, MESSAGE_EVENT_TYPES } from './enums.js';

/** A field that may be absent or `null` (null means absent, C3). */
const opt = <T extends z.ZodType>(schema: T) => schema.nullish();

export function contentSchemas(strict: boolean) {
  const oneOf = (values: readonly [string, ...string[]]): z.ZodType<string> =>
    strict ? z.enum(values) : z.string();
  const str = z.string();
  const int64 = z.union([z.int(), z.bigint()]);
  const double = z.number();

  const attachment = z.object({
    id: opt(str),
    mediaType: oneOf(['Image', 'Video', 'Audio', 'File', 'Link']),
    url: opt(str),
    mime: opt(str),
    text: opt(str),
    sha256: opt(str),
    filename: opt(str),
    contentSizeBytes: opt(int64),
  });
  const quickReply = z.object({
    text: str,
    payload: str,
    image: opt(str),
    action: opt(oneOf(['Message'])),
    summaryText: opt(str),
  });
  const buttonResponse = z.object({
    originatingMessageId: opt(str),
    type: opt(oneOf(['Button', 'QuickReply', 'DatePicker', 'ListPicker', 'Form'])),
    text: str,
    payload: str,
  });
  const cardAction = z.object({
    type: opt(oneOf(['Link', 'Postback', 'Unknown'])),
    text: opt(str),
    payload: opt(str),
    url: opt(str),
  });
  const card = z.object({
    title: str,
    description: opt(str),
    image: opt(str),
    video: opt(str),
    defaultAction: opt(cardAction),
    actions: z.array(cardAction),
  });
  const location = z.object({
    url: opt(str),
    address: opt(str),
    text: opt(str),
    latitude: opt(double),
    longitude: opt(double),
  });
  const replyMessage = z.object({
    header: opt(str),
    title: opt(str),
    subtitle: opt(str),
    buttonLabel: opt(str),
    imageUrl: opt(str),
  });
  const datePicker = z.object({
    id: opt(str),
    title: opt(str),
    subtitle: opt(str),
    imageUrl: opt(str),
    dateMinimum: opt(str),
    dateMaximum: opt(str),
    location: opt(location),
    availableTimes: opt(z.array(z.object({ duration: opt(int64), dateTime: opt(str) }))),
    dateDisplayFormat: opt(oneOf(['dayMonthYear', 'monthDayYear', 'yearMonthDay'])),
  });
  const listPicker = z.object({
    id: opt(str),
    sections: opt(
      z.array(
        z.object({
          title: opt(str),
          multipleSelection: opt(z.boolean()),
          items: opt(
            z.array(
              z.object({
                id: opt(str),
                title: opt(str),
                subtitle: opt(str),
                imageUrl: opt(str),
              }),
            ),
          ),
        }),
      ),
    ),
    replyMessage: opt(replyMessage),
    receivedMessage: opt(replyMessage),
  });
  const wheelPicker = z.object({
    id: opt(str),
    items: z.array(z.object({ id: str, title: str, value: opt(str) })),
  });
  const input = z.object({
    id: opt(str),
    title: opt(str),
    subtitle: opt(str),
    placeholderText: opt(str),
    isRequired: z.boolean(),
    isMultipleLine: z.boolean(),
    keyboardType: opt(
      oneOf([
        'Default',
        'NumberPunctuation',
        'Number',
        'Phone',
        'Email',
        'Decimal',
        'Websearch',
        'URL',
      ]),
    ),
    autoCompleteType: opt(oneOf(AUTO_COMPLETE_TYPES)),
  });
  const form = z.object({
    introduction: opt(
      z.object({ title: str, subtitle: opt(str), imageUrl: opt(str), buttonText: str }),
    ),
    formPages: opt(
      z.array(
        z.object({
          title: str,
          subtitle: str,
          pageComponents: opt(
            z.array(
              z.object({
                formComponentType: opt(oneOf(['ListPicker', 'DatePicker', 'WheelPicker', 'Input'])),
                datePicker: opt(datePicker),
                wheelPicker: opt(wheelPicker),
                listPicker: opt(listPicker),
                input: opt(input),
              }),
            ),
          ),
        }),
      ),
    ),
    receivedMessage: opt(replyMessage),
    replyMessage: opt(replyMessage),
    showSummary: opt(z.boolean()),
    response: opt(
      z.array(
        z.object({
          id: str,
          component: z.object({
            contentType: opt(oneOf(['ButtonResponse'])),
            buttonResponse: opt(buttonResponse),
          }),
        }),
      ),
    ),
    originatingMessageId: opt(str),
    cannedResponseId: str,
  });
  const interactiveApplication = z.object({
    name: opt(str),
    url: opt(str),
    receivedMessage: opt(replyMessage),
    replyMessage: opt(replyMessage),
  });
  const lineItem = z.object({
    name: str,
    price: double,
    description: opt(str),
    identifier: opt(str),
  });
  const paymentRequest = z.object({
    paymentPlatform: oneOf(['ApplePay']),
    countryCode: str,
    currencyCode: str,
    orderTotal: double,
    lineItems: opt(z.array(lineItem)),
    shippingOptions: opt(z.array(lineItem)),
    requiredContactFields: opt(
      z.array(z.object({ contactField: oneOf(['Address', 'Name', 'Phone', 'Email']) })),
    ),
    receivedMessage: opt(replyMessage),
    replyMessage: opt(replyMessage),
  });
  const paymentResponse = z.object({
    originatingMessageId: str,
    paymentStatus: oneOf(['Completed', 'Failed']),
    failureReason: opt(str),
  });
  const parameter = z.object({ name: opt(str), text: str });
  const template = z.object({
    id: opt(str),
    language: opt(str),
    header: opt(
      z.object({
        type: oneOf(['Text', 'Media']),
        text: opt(str),
        media: opt(attachment),
        parameters: opt(z.array(parameter)),
      }),
    ),
    body: z.object({ text: opt(str), parameters: z.array(parameter) }),
    buttons: opt(
      z.array(
        z.object({
          type: oneOf(['QuickReply', 'PhoneNumber', 'Url']),
          text: opt(str),
          index: int64,
          phoneNumber: opt(str),
          url: opt(str),
          payload: opt(str),
          parameters: opt(z.array(parameter)),
        }),
      ),
    ),
    footer: opt(z.object({ text: opt(str) })),
  });
  const notificationResponse = z.object({
    originatingMessageId: str,
    referenceId: opt(str),
    notificationStatus: oneOf(['Accepted', 'Declined']),
    notificationText: opt(str),
  });
  const push = z.object({
    deviceType: oneOf(['Android', 'IOS']),
    deviceTokenId: str,
    deviceToken: str,
    failedMessages: z.array(z.object({ id: str })),
    notificationMessage: z.object({ title: str, body: str }),
    pushProviderIntegration: z.object({ id: str, provider: oneOf(['FCM', 'APNS']) }),
    expiration: int64,
  });

  const messageContent = z.object({
    contentType: oneOf(CONTENT_TYPES),
    location: opt(location),
    attachment: opt(attachment),
    quickReply: opt(quickReply),
    buttonResponse: opt(buttonResponse),
    template: opt(template),
    story: opt(
      z.object({ type: opt(oneOf(['Mention', 'Reply'])), url: opt(str), replyToId: opt(str) }),
    ),
    card: opt(card),
    carousel: opt(z.object({ cards: z.array(card) })),
    text: opt(z.object({ type: opt(oneOf(['Text'])), body: str })),
    quickReplyV2: opt(z.object({ title: str, actions: z.array(quickReply) })),
    reactions: opt(z.array(z.object({ reactionType: opt(oneOf(REACTION_TYPES)), count: z.int() }))),
    datePicker: opt(datePicker),
    interactiveApplication: opt(interactiveApplication),
    listPicker: opt(listPicker),
    paymentRequest: opt(paymentRequest),
    paymentResponse: opt(paymentResponse),
    push: opt(push),
    form: opt(form),
    notificationResponse: opt(notificationResponse),
  });

  const offering = oneOf(['Offering', 'OfferingExpired', 'OfferingAccepted', 'OfferingRejected']);
  const messageEvent = z.object({
    eventType: oneOf(MESSAGE_EVENT_TYPES),
    coBrowse: opt(z.object({ type: offering, sessionId: opt(str), sessionJoinToken: opt(str) })),
    typing: opt(z.object({ type: oneOf(['On']), duration: opt(int64) })),
    presence: opt(
      z.object({
        type: oneOf(PRESENCE_TYPES),
        receivedMessage: opt(replyMessage),
        replyMessage: opt(replyMessage),
      }),
    ),
    video: opt(z.object({ type: offering, offeringId: opt(str), jwt: opt(str) })),
  });

  return { messageContent, messageEvent };
}

export type MessageContent = z.infer<ReturnType<typeof contentSchemas>['messageContent']>;

const REACTION_TYPES = [
  'None',
  'Like',
  'Love',
  'Wow',
  'Haha',
  'Sad',
  'Angry',
  'Thankful',
  'Pride',
  'Care',
  'Share',
  'Comment',
  'View',
  'Rating',
] as const;

const PRESENCE_TYPES = [
  'Join',
  'Disconnect',
  'Clear',
  'SignIn',
  'SessionExpired',
  'Authenticate',
  'AuthenticateFailure',
  'AuthenticateCancel',
] as const;

const AUTO_COMPLETE_TYPES = [
  'Prefix',
  'Name',
  'GivenName',
  'MiddleName',
  'FamilyName',
  'Suffix',
  'Nickname',
  'Title',
  'Organization',
  'Location',
  'StreetAddress',
  'Addressline1',
  'Addressline2',
  'City',
  'State',
  'Country',
  'PostalCode',
  'Username',
  'OneTimeCode',
  'Email',
  'Phone',
  'PaymentCardNumber',
  'PaymentCardExpiration',
  'PaymentCardExpirationMonth',
  'PaymentCardExpirationYear',
  'PaymentCardSecurityCode',
  'PaymentCardType',
  'PaymentCardName',
  'PaymentCardGivenName',
  'PaymentCardMiddleName',
  'PaymentCardFamilyName',
  'Birthdate',
  'BirthdateDay',
  'BirthdateMonth',
  'BirthdateYear',
  'DateTime',
  'FlightNumber',
  'Url',
] as const;
