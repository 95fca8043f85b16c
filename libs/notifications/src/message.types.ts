// What an e-mail is made of: the data recorded with the event, the context the worker adds, the result.
import type { Language } from '@amahoro/domain/notifications/notification.rules.js';

/** What the outbox row recorded at the event, plus what the worker adds when it sends (the link). */
export interface MessageData {
  courseTitle?: string;
  startsOn?: string;
  endsOn?: string;
  previousStartsOn?: string;
  previousEndsOn?: string;
  location?: string | null;
  position?: number;
  reason?: string | null;
  serial?: string;
  daysBefore?: number;
  offeringId?: string;
  /** Nominations: the candidate, the authority, the board's note, the call's closing time. */
  candidateName?: string;
  organisationName?: string;
  note?: string | null;
  closesAt?: string;
  /** A selection that filled the seat a withdrawn nominee freed. */
  freedSeat?: boolean;
}

export interface MessageContext {
  language: Language;
  recipientName: string;
  academyName: string;
  publicBaseUrl: string;
  /** The account link (invitation, reset, verification), derived by the worker from the token row. */
  accountLink?: string;
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

/** One e-mail in one language, before the greeting, footer and HTML go around it. */
export interface MessageBody {
  subject: string;
  lines: string[];
  link?: { label: string; url: string };
}

/** What a text may use: the event's data and the context, with dates already written in the reader's language. */
export type MessageText = (
  d: Required<Pick<MessageData, 'courseTitle'>> & MessageData,
  c: MessageContext & { dates: string; previousDates: string; closes: string; offeringUrl: string; calendarUrl: string },
) => MessageBody;
