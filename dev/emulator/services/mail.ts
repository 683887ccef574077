// MailApp: records every e-mail instead of sending it, with Apps Script's daily recipient quota, the per-message
// limits and the script.send_mail scope. https://developers.google.com/apps-script/reference/mail/mail-app
import { type Invocation, withNotImplemented } from '../invocation';
import type { MailRecord } from '../state';

/**
 * Recipients per day (https://developers.google.com/apps-script/guides/services/quotas): 100 for consumer accounts
 * (the default here), 1,500 for Google Workspace. Quotas are per user and reset 24 hours after the first request.
 */
export const CONSUMER_DAILY_RECIPIENTS = 100;
export const WORKSPACE_DAILY_RECIPIENTS = 1500;
const DAY_MS = 24 * 3600_000;
/** Per message (same quotas page): at most 50 recipients; a body of at most 200 KB (consumer accounts). */
const MAX_RECIPIENTS_PER_MESSAGE = 50;
const MAX_BODY_BYTES = 200 * 1024;
export const SEND_MAIL_SCOPE = 'https://www.googleapis.com/auth/script.send_mail';
const ADDRESS = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]+$/;

/** The user's recipients left today; the day starts at the user's first send and lasts 24 hours. */
function usage(inv: Invocation): { used: number; left: number } {
  const { state } = inv;
  const now = state.now();
  let u = state.mailUsage.get(inv.effectiveUser);
  if (u && now >= u.windowStart + DAY_MS) {
    state.mailUsage.delete(inv.effectiveUser);
    u = undefined;
  }
  const used = u?.used ?? 0;
  return { used, left: Math.max(0, state.mailDailyRecipients - used) };
}

function addresses(inv: Invocation, field: string, value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  const list = String(value)
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  for (const a of list) {
    // A display-name form "Name <a@b.c>" is accepted as Apps Script does.
    const bare = /<([^>]+)>$/.exec(a)?.[1] ?? a;
    if (!ADDRESS.test(bare)) throw inv.exception(`Invalid email: ${a}`);
  }
  void field;
  return list;
}

/** Who may call MailApp: a full-authorization execution whose manifest (if it lists scopes) has script.send_mail. */
function requireMail(inv: Invocation, method: string): void {
  inv.requireFull(`MailApp.${method}`);
  inv.requireScope(`MailApp.${method}`, SEND_MAIL_SCOPE);
}

export function makeMailApp(inv: Invocation): object {
  const { state } = inv;
  const send = (message: Record<string, unknown>): void => {
    requireMail(inv, 'sendEmail');
    const to = addresses(inv, 'to', message.to);
    const cc = addresses(inv, 'cc', message.cc);
    const bcc = addresses(inv, 'bcc', message.bcc);
    const recipients = to.length + cc.length + bcc.length;
    if (recipients === 0) throw inv.exception('Failed to send email: no recipient');
    if (recipients > MAX_RECIPIENTS_PER_MESSAGE) throw inv.exception('Limit Exceeded: Email Recipients Per Message.');
    const body = message.body === undefined || message.body === null ? '' : String(message.body);
    const htmlBody = message.htmlBody === undefined || message.htmlBody === null ? undefined : String(message.htmlBody);
    if (Buffer.byteLength(body) + Buffer.byteLength(htmlBody ?? '') > MAX_BODY_BYTES)
      throw inv.exception('Limit Exceeded: Email Body Size.');
    const { used, left } = usage(inv);
    // Every recipient counts (to, cc and bcc); a message that does not fit is refused whole.
    if (recipients > left) throw inv.exception('Service invoked too many times for one day: email.');
    const existing = state.mailUsage.get(inv.effectiveUser);
    state.mailUsage.set(inv.effectiveUser, { windowStart: existing?.windowStart ?? state.now(), used: used + recipients });
    inv.check();
    const record: MailRecord = {
      from: inv.effectiveUser,
      to,
      cc,
      bcc,
      subject: message.subject === undefined || message.subject === null ? '' : String(message.subject),
      body,
      sentAt: state.now(),
      mode: inv.mode,
    };
    if (htmlBody !== undefined) record.htmlBody = htmlBody;
    if (typeof message.name === 'string') record.name = message.name;
    if (typeof message.replyTo === 'string') record.replyTo = message.replyTo;
    if (message.noReply === true) record.noReply = true;
    state.mails.push(record);
  };
  const app = {
    getRemainingDailyQuota(): number {
      requireMail(inv, 'getRemainingDailyQuota');
      return usage(inv).left;
    },
    sendEmail(...args: unknown[]): void {
      // sendEmail(message) | (recipient, subject, body[, options]) | (to, replyTo, subject, body)
      if (args.length === 1 && args[0] !== null && typeof args[0] === 'object') send(args[0] as Record<string, unknown>);
      else if (args.length === 4 && typeof args[3] === 'string')
        send({ to: args[0], replyTo: args[1], subject: args[2], body: args[3] });
      else if (args.length < 3)
        throw inv.exception("The parameters (String) don't match the method signature for MailApp.sendEmail.");
      else {
        const options = (args[3] && typeof args[3] === 'object' ? args[3] : {}) as Record<string, unknown>;
        send({ ...options, to: args[0], subject: args[1], body: args[2] });
      }
    },
  };
  return withNotImplemented(app, 'MailApp');
}
