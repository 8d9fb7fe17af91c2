/**
 * One peer's details (opened by the `Details` button by its avatar): which device it is, the
 * safety code to compare out of band, and trusting or forgetting the device. Trust follows the
 * device key, never the name, so a device that takes a trusted person's name is told apart here.
 */
import { t } from '../i18n';
import type { RoomPeer } from '../mesh';
import type { TrustedDevice } from '../trusted-devices';
import { el } from './dom';

/** What the room knows about a peer's device, for its avatar and details. */
export interface PeerTrustFacts {
  /** This device trusts it (its verified key's id is on the list). */
  trusted?: TrustedDevice;
  /** It is not trusted, but a trusted device once went by its name. */
  impostorOf?: TrustedDevice;
  /** Both devices' safety code, once it is verified. */
  /** Computed when the details are shown: a hash per avatar repaint cost the join ~20 ms on a fresh page. */
  safetyCode?: () => string;
}

export interface TrustActions {
  facts(peer: RoomPeer): PeerTrustFacts;
  trust(peerId: string): void;
  forget(peerId: string): void;
  setAutoAccept(peerId: string, on: boolean): void;
}

/** Fills `region` with the details of `peer` (all text as text). */
export function renderDetails(region: HTMLElement, peer: RoomPeer, facts: PeerTrustFacts, actions: TrustActions): void {
  region.replaceChildren(el('h3', { className: 'peer-details-title', text: peer.name }));
  if (peer.trust !== 'verified' || !peer.device) {
    region.append(el('p', {
      text: peer.trust === 'not-verified'
        ? t('details.notVerified')
        : t('details.verifying'),
    }));
    return;
  }
  region.append(
    el('p', {}, t('details.deviceId'), el('code', { className: 'device-id', text: peer.device })),
    el('p', {}, t('details.safetyCode'), el('strong', { className: 'safety-code', text: facts.safetyCode?.() ?? '' })),
    el('p', { className: 'hint', text: t('details.compare', { name: peer.name }) }),
  );
  if (facts.impostorOf) {
    region.append(el('p', { className: 'warning', text: t('details.impostor', { name: facts.impostorOf.name }) }));
  }
  if (!facts.trusted) {
    const trust = el('button', { className: 'button small', text: t('details.trust'), attrs: { type: 'button' } });
    trust.addEventListener('click', () => actions.trust(peer.id));
    region.append(trust);
    return;
  }
  const box = el('input', { attrs: { type: 'checkbox', role: 'switch' } });
  box.checked = facts.trusted.autoAccept;
  box.addEventListener('change', () => actions.setAutoAccept(peer.id, box.checked));
  const forget = el('button', { className: 'button small', text: t('details.forget'), attrs: { type: 'button' } });
  forget.addEventListener('click', () => actions.forget(peer.id));
  region.append(
    el('p', { text: t('details.trusted', { name: facts.trusted.name }) }),
    el('label', { className: 'auto-accept' }, box, t('details.autoAccept')),
    forget,
  );
}
