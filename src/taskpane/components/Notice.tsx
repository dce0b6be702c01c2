/**
 * The message the panes show after an action or about a problem: a Fluent MessageBar with an optional title.
 *
 * Fluent names a MessageBar after its title, which changes with the message; give `label` (and `role`) to wrap it
 * in an element with a stable name that screen readers and the browser tests find it by.
 */
import { MessageBar, MessageBarBody, MessageBarTitle, type MessageBarIntent } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { CodeText } from './CodeText';

/** What a pane keeps in state to show a Notice: `<Notice intent={n.intent} title={n.title}>{n.text}</Notice>`. */
export interface NoticeMessage {
  readonly intent: MessageBarIntent;
  readonly title: string;
  readonly text: string;
}

export interface NoticeProps {
  readonly intent: MessageBarIntent;
  readonly title?: ReactNode;
  /** The message: text, or richer content (lists, a checkbox). */
  readonly children?: ReactNode;
  /** Announce changes politely (aria-live="polite" on the MessageBar). */
  readonly live?: boolean;
  /** The accessible name of a wrapper element; without it there is no wrapper. */
  readonly label?: string;
  /** The wrapper's role; 'status' unless given. */
  readonly role?: 'status' | 'region';
}

export function Notice({ intent, title, children, live = false, label, role = 'status' }: NoticeProps) {
  const bar = (
    <MessageBar intent={intent} aria-live={live ? 'polite' : undefined}>
      <MessageBarBody>
        {title !== undefined && <MessageBarTitle>{title}</MessageBarTitle>}
        {/* Lot codes and ids in a message stay whole on their line (see CodeText). */}
        {typeof children === 'string' ? <CodeText text={children} /> : children}
      </MessageBarBody>
    </MessageBar>
  );
  if (label === undefined) return bar;
  return (
    <div role={role} aria-label={label}>
      {bar}
    </div>
  );
}
