import { describe, expect, it } from 'vitest';
import { decideOnDescription, isPolite, type NegotiationState } from './negotiation';
import { ALICE, BOB } from './test-fixtures';

const state = (overrides: Partial<NegotiationState> = {}): NegotiationState => ({
  polite: true,
  makingOffer: false,
  signalingState: 'stable',
  settingRemoteAnswerPending: false,
  ...overrides,
});

describe('perfect negotiation', () => {
  it('the peer whose id sorts lower is polite', () => {
    expect(isPolite(ALICE, BOB)).toBe(true);
    expect(isPolite(BOB, ALICE)).toBe(false);
  });

  it('an offer in a stable state is applied and answered by either side', () => {
    for (const polite of [true, false]) {
      expect(decideOnDescription('offer', state({ polite }))).toEqual({
        action: 'apply',
        ignoreOffer: false,
        rollback: false,
        answer: true,
      });
    }
  });

  it('on a collision the impolite side ignores the offer', () => {
    expect(decideOnDescription('offer', state({ polite: false, signalingState: 'have-local-offer' }))).toMatchObject({
      action: 'ignore',
      ignoreOffer: true,
    });
    expect(decideOnDescription('offer', state({ polite: false, makingOffer: true }))).toMatchObject({
      action: 'ignore',
      ignoreOffer: true,
    });
  });

  it('on a collision the polite side rolls its offer back and answers', () => {
    expect(decideOnDescription('offer', state({ polite: true, signalingState: 'have-local-offer' }))).toEqual({
      action: 'apply',
      ignoreOffer: false,
      rollback: true,
      answer: true,
    });
    expect(decideOnDescription('offer', state({ polite: true, makingOffer: true }))).toMatchObject({
      action: 'apply',
      rollback: true,
    });
  });

  it('an offer while our remote answer is being applied is no collision', () => {
    expect(
      decideOnDescription(
        'offer',
        state({ polite: false, signalingState: 'have-local-offer', settingRemoteAnswerPending: true }),
      ),
    ).toMatchObject({ action: 'apply', rollback: false });
  });

  it('an answer is applied only while our offer is pending', () => {
    expect(decideOnDescription('answer', state({ signalingState: 'have-local-offer' }))).toEqual({
      action: 'apply',
      ignoreOffer: false,
      rollback: false,
      answer: false,
    });
    expect(decideOnDescription('answer', state({ signalingState: 'stable' }))).toMatchObject({
      action: 'ignore',
      ignoreOffer: false,
    });
  });

  it('a remote rollback is applied only while we hold its offer', () => {
    expect(decideOnDescription('rollback', state({ signalingState: 'have-remote-offer' }))).toMatchObject({
      action: 'apply',
      answer: false,
    });
    expect(decideOnDescription('rollback', state({ signalingState: 'stable' }))).toMatchObject({ action: 'ignore' });
  });
});
