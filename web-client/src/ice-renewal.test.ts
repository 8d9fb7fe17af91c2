import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IceRenewal, renewalDelayMs } from './ice-renewal';
import { ICE_RENEW_INTERVAL_MILLIS } from './protocol';

const HOUR = 3_600_000;

describe('TURN credential renewal', () => {
  let renewals = 0;
  let renewal: IceRenewal;
  beforeEach(() => {
    vi.useFakeTimers();
    renewals = 0;
    renewal = new IceRenewal(() => renewals++);
  });
  afterEach(() => {
    renewal.cancel();
    vi.useRealTimers();
  });

  it('renews at 80 % of the lifetime, well before the credentials expire', () => {
    renewal.schedule(HOUR);
    vi.advanceTimersByTime(0.8 * HOUR - 1);
    expect(renewals).toBe(0);
    vi.advanceTimersByTime(1);
    expect(renewals).toBe(1);
    vi.advanceTimersByTime(0.2 * HOUR);
    expect(renewals).toBe(1);
  });

  it('renews again from the lifetime of the answer, and so on', () => {
    renewal.schedule(HOUR);
    vi.advanceTimersByTime(0.8 * HOUR);
    expect(renewals).toBe(1);
    renewal.schedule(HOUR - 500); // the answer: fresh credentials, a little of the hour already gone in transit
    vi.advanceTimersByTime(0.8 * (HOUR - 500));
    expect(renewals).toBe(2);
    renewal.schedule(10 * 60_000);
    vi.advanceTimersByTime(8 * 60_000);
    expect(renewals).toBe(3);
  });

  it('never renews credentials that do not expire', () => {
    renewal.schedule(undefined);
    expect(renewal.scheduled).toBe(false);
    vi.advanceTimersByTime(48 * HOUR);
    expect(renewals).toBe(0);
  });

  it('a new lifetime (a resume’s welcome) replaces the schedule instead of adding one', () => {
    renewal.schedule(HOUR);
    vi.advanceTimersByTime(0.5 * HOUR);
    renewal.schedule(HOUR);
    vi.advanceTimersByTime(0.3 * HOUR);
    expect(renewals).toBe(0); // the first schedule would have fired here
    vi.advanceTimersByTime(0.5 * HOUR);
    expect(renewals).toBe(1);
  });

  it('a welcome without an expiry (a server without a secret) stops renewing', () => {
    renewal.schedule(HOUR);
    renewal.schedule(undefined);
    vi.advanceTimersByTime(2 * HOUR);
    expect(renewals).toBe(0);
  });

  it('waits at least the protocol’s renewal interval, however short the lifetime it is told', () => {
    renewal.schedule(1);
    vi.advanceTimersByTime(ICE_RENEW_INTERVAL_MILLIS - 1);
    expect(renewals).toBe(0);
    vi.advanceTimersByTime(1);
    expect(renewals).toBe(1);
    expect(renewalDelayMs(60_000)).toBe(48_000);
  });

  it('a lifetime past what setTimeout can hold does not fire at once', () => {
    renewal.schedule(2 ** 53 - 1);
    vi.advanceTimersByTime(HOUR);
    expect(renewals).toBe(0);
    expect(renewalDelayMs(2 ** 53 - 1)).toBe(2_147_483_647);
  });

  it('stops when cancelled (the page left the room)', () => {
    renewal.schedule(HOUR);
    renewal.cancel();
    vi.advanceTimersByTime(HOUR);
    expect(renewals).toBe(0);
  });
});
