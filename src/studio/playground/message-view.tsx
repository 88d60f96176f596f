/**
 * The body of one chat bubble, from a view of views.ts. Shared by the playground (buttons
 * answer the bot) and the transcripts (no `onButton`: buttons are shown, not clickable).
 * Everything the bot sent is rendered as text nodes or checked URLs, never as HTML.
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';

import type { ButtonView, CardView, MessageView, Segment } from './views.js';

export interface ButtonHandler {
  readonly onButton?: ((button: ButtonView) => void) | undefined;
  /** While a turn runs the buttons wait. */
  readonly disabled?: boolean | undefined;
}

const NEW_TAB = { target: '_blank', rel: 'noopener noreferrer nofollow' } as const;

function Segments(props: { segments: readonly Segment[] }): JSX.Element {
  return (
    <>
      {props.segments.map((segment, index) =>
        segment.kind === 'link' ? (
          <a key={index} href={segment.href} {...NEW_TAB}>
            {segment.text}
          </a>
        ) : (
          segment.text
        ),
      )}
    </>
  );
}

function Choice(props: { button: ButtonView } & ButtonHandler): JSX.Element {
  const { button, onButton } = props;
  if (button.href !== null) {
    return (
      <a class="pg-choice pg-choice-link" href={button.href} {...NEW_TAB}>
        {button.title}
        <span aria-hidden="true"> ↗</span>
      </a>
    );
  }
  if (onButton === undefined) {
    return (
      <span class="pg-choice pg-choice-inert" title={`payload: ${button.payload}`}>
        {button.title}
      </span>
    );
  }
  return (
    <button
      type="button"
      class="pg-choice"
      disabled={props.disabled}
      onClick={() => {
        onButton(button);
      }}
    >
      {button.title}
    </button>
  );
}

function Choices(props: { buttons: readonly ButtonView[]; label: string } & ButtonHandler) {
  if (props.buttons.length === 0) return null;
  return (
    <div class="pg-choices" role="group" aria-label={props.label}>
      {props.buttons.map((button, index) => (
        <Choice key={index} button={button} onButton={props.onButton} disabled={props.disabled} />
      ))}
    </div>
  );
}

function Card(props: { card: CardView; label?: string } & ButtonHandler): JSX.Element {
  const { card } = props;
  return (
    <div class="pg-card" role="group" aria-label={props.label ?? card.title}>
      {card.imageUrl !== null && <Picture src={card.imageUrl} alt="" className="pg-card-image" />}
      <div class="pg-card-body">
        {card.title !== '' && <p class="pg-card-title">{card.title}</p>}
        {card.subtitle !== null && <p class="pg-card-subtitle">{card.subtitle}</p>}
        {card.text !== null && <p class="pg-text">{card.text}</p>}
      </div>
      <Choices
        buttons={card.buttons}
        label={`Choices of ${card.title}`}
        onButton={props.onButton}
        disabled={props.disabled}
      />
    </div>
  );
}

/** An image that says so when it cannot be loaded, instead of a broken icon. */
function Picture(props: { src: string; alt: string; className: string }): JSX.Element {
  const [failed, setFailed] = useState(false);
  if (failed) {
    return (
      <p class="pg-media-missing">
        Image not available:{' '}
        <a href={props.src} {...NEW_TAB}>
          {props.alt === '' ? 'open it' : props.alt}
        </a>
      </p>
    );
  }
  return (
    <img
      class={props.className}
      src={props.src}
      alt={props.alt}
      loading="lazy"
      onError={() => {
        setFailed(true);
      }}
    />
  );
}

function Media(props: { view: Extract<MessageView, { kind: 'media' }> }): JSX.Element {
  const { view } = props;
  if (view.src === null) {
    return (
      <p class="pg-text">
        {view.media} (not shown, its address is not http or https): <code>{view.url}</code>
      </p>
    );
  }
  switch (view.media) {
    case 'image':
      return (
        <a
          class="pg-image-link"
          href={view.src}
          {...NEW_TAB}
          aria-label={`${view.label} (opens the full image)`}
        >
          <Picture src={view.src} alt={view.label} className="pg-image" />
        </a>
      );
    case 'video':
      if (view.service !== null) {
        return (
          <p class="pg-text">
            <a href={view.src} {...NEW_TAB}>
              Watch on {view.service}
              {view.label === view.url ? '' : `: ${view.label}`}
            </a>
            {view.label === view.url && <span class="pg-link-url pg-block">{view.url}</span>}
          </p>
        );
      }
      return (
        <video class="pg-video" src={view.src} controls preload="none" aria-label={view.label}>
          <a href={view.src} {...NEW_TAB}>
            {view.label}
          </a>
        </video>
      );
    case 'audio':
      return (
        <audio class="pg-audio" src={view.src} controls preload="none" aria-label={view.label}>
          <a href={view.src} {...NEW_TAB}>
            {view.label}
          </a>
        </audio>
      );
    case 'file':
      return (
        <p class="pg-text">
          File:{' '}
          <a href={view.src} {...NEW_TAB} download>
            {view.label}
          </a>
        </p>
      );
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toLocaleString(undefined, { maximumFractionDigits: 1 })} s`;
}

/** The content of one bubble. */
export function MessageBody(props: { view: MessageView } & ButtonHandler): JSX.Element {
  const { view, onButton, disabled } = props;
  switch (view.kind) {
    case 'text':
      return (
        <p class="pg-text">
          <Segments segments={view.segments} />
        </p>
      );
    case 'empty':
      return <p class="pg-text pg-muted">(an empty message)</p>;
    case 'question':
      return (
        <div class="pg-question">
          {view.title !== null && <p class="pg-text">{view.title}</p>}
          <Choices
            buttons={view.buttons}
            label={view.title ?? 'Choices'}
            onButton={onButton}
            disabled={disabled}
          />
        </div>
      );
    case 'buttons':
      return (
        <Choices buttons={view.buttons} label="Choices" onButton={onButton} disabled={disabled} />
      );
    case 'card':
      return <Card card={view.card} onButton={onButton} disabled={disabled} />;
    case 'carousel':
      if (view.cards.length === 0) return <p class="pg-text pg-muted">(an empty carousel)</p>;
      return (
        // Focusable so that arrow keys scroll it; its cards' buttons are reachable with Tab.
        <div
          class="pg-carousel"
          role="group"
          aria-label={`Carousel of ${view.cards.length} cards`}
          tabIndex={0}
        >
          {view.cards.map((card, index) => (
            <Card
              key={index}
              card={card}
              label={`Card ${index + 1} of ${view.cards.length}: ${card.title}`}
              onButton={onButton}
              disabled={disabled}
            />
          ))}
        </div>
      );
    case 'media':
      return <Media view={view} />;
    case 'link':
      if (view.href === null) {
        return (
          <p class="pg-text">
            {view.title}: <code>{view.url}</code>
          </p>
        );
      }
      return (
        <a class="pg-link-card" href={view.href} {...NEW_TAB}>
          <span class="pg-link-title">{view.title}</span>
          {view.text !== view.title && <span class="pg-link-text">{view.text}</span>}
          <span class="pg-link-url">{view.url}</span>
        </a>
      );
    case 'pause':
      return (
        <p class="pg-pause">
          {view.typing ? 'typing' : 'wait'} · {seconds(view.durationMs)}
        </p>
      );
    case 'error':
      return (
        <p class="pg-error-text">
          <strong>Error: </strong>
          {view.message}
        </p>
      );
    case 'debug':
      return (
        <pre class="pg-debug">
          <span class="pg-muted">debug </span>
          {view.text}
        </pre>
      );
    case 'handover':
      return (
        <p class="pg-text pg-muted">
          {view.escalate ? 'The bot asked for a person (Escalate)' : 'The bot hung up (Disconnect)'}
          {view.reason !== null && `: ${view.reason}`}
        </p>
      );
    case 'json':
      return (
        <figure class="pg-json">
          <figcaption>{view.label}</figcaption>
          <pre>{view.json}</pre>
        </figure>
      );
  }
}

/** The bubble's class: errors and notes look different from ordinary messages. */
export function bubbleTone(view: MessageView): string {
  switch (view.kind) {
    case 'error':
      return 'pg-bubble-error';
    case 'card':
    case 'carousel':
      return 'pg-bubble-bare';
    case 'json':
    case 'debug':
      return 'pg-bubble-wide';
    case 'pause':
    case 'handover':
      return 'pg-bubble-quiet';
    case 'text':
    case 'empty':
    case 'question':
    case 'buttons':
    case 'media':
    case 'link':
      return '';
  }
}
