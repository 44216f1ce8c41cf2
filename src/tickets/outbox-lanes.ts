import type { HelpdeskChannel, Job, JobKind, Ticket } from './types';

/**
 * A ticket's messages go to three places; each place gets its messages in order, and the places do not wait for
 * each other: a channel post stuck behind throttling does not hold the requester's notice back.
 */
export type Lane = 'channel' | 'requesterCard' | 'requesterChat';

export const LANE: Record<JobKind, Lane> = {
  postTicket: 'channel',
  updateTicketCard: 'channel',
  updateRequesterCard: 'requesterCard',
  notifyRequester: 'requesterChat',
};

/**
 * Jobs that cannot go yet whatever the time: the channel post waits, parked, until a helpdesk channel is set (what
 * follows it in its lane waits behind it); the requester's card waits while the post is owed, so it keeps what the
 * escalation click showed until it can say where the ticket stands.
 */
export function cannotGoYet(job: Job, ticket: Ticket, channel: HelpdeskChannel | undefined): boolean {
  if (job.kind === 'updateRequesterCard') return ticket.jobs.some((j) => j.kind === 'postTicket');
  return job.kind === 'postTicket' && !channel && !ticket.channelPost;
}

/** The first job of each lane: the only ones that may go out now. */
export function laneHeads(ticket: Ticket): Job[] {
  const seen = new Set<Lane>();
  return ticket.jobs.filter((job) => !seen.has(LANE[job.kind]) && (seen.add(LANE[job.kind]), true));
}

/** The next job to send now, if any: a lane head (of `lane`, or of any) that is due and not parked. */
export function dueJob(ticket: Ticket, channel: HelpdeskChannel | undefined, now: number, lane?: Lane): Job | undefined {
  return laneHeads(ticket).find(
    (job) => (lane === undefined || LANE[job.kind] === lane) && job.dueAt <= now && !cannotGoYet(job, ticket, channel),
  );
}

/** Whether any lane head is due, parked or not: worth claiming the ticket (the channel may have been set meanwhile). */
export function hasDueJob(ticket: Ticket, now: number): boolean {
  return laneHeads(ticket).some((job) => job.dueAt <= now);
}

/** When the ticket has something to send next; Infinity when all it has waits for a channel (or for the post). */
export function nextDueAt(ticket: Ticket, channel: HelpdeskChannel | undefined): number {
  const dues = laneHeads(ticket)
    .filter((job) => !cannotGoYet(job, ticket, channel))
    .map((job) => job.dueAt);
  return dues.length ? Math.min(...dues) : Infinity;
}
