/**
 * The room page's `Check connection`: a throwaway RTCPeerConnection gathers candidates against
 * the hub's STUN/TURN servers (a data channel makes it gather), and the verdicts
 * (reach/server-check.ts) are shown in words in a status region. It never connects to anyone.
 */
import { t } from '../i18n';
import type { IceServer } from '../protocol';
import { CHECK_TIMEOUT_MS, gatheredFromStats, judgeCheck, usableServers, type CheckResult } from '../reach/server-check';
import type { CandidateErrorFact } from '../reach/link-reach';
import { el } from './dom';

/** Gathers with the hub's servers for at most `timeoutMs`, then judges what came back. */
export async function checkServers(servers: IceServer[], timeoutMs = CHECK_TIMEOUT_MS): Promise<CheckResult> {
  const { usable } = usableServers(servers);
  if (usable.length === 0) return judgeCheck(servers, [], [], true);
  const pc = new RTCPeerConnection({ iceServers: usable });
  const errors: CandidateErrorFact[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    pc.onicecandidateerror = (event) => {
      const e = event as RTCPeerConnectionIceErrorEvent;
      if (errors.length < 64) errors.push({ url: e.url ?? '', code: e.errorCode, text: (e.errorText ?? '').slice(0, 200) });
    };
    const complete = new Promise<boolean>((resolve) => {
      pc.onicegatheringstatechange = () => {
        if (pc.iceGatheringState === 'complete') resolve(true);
      };
    });
    pc.createDataChannel('peerhub-check');
    await pc.setLocalDescription();
    const finished = await Promise.race([complete, new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)))]);
    const candidates = gatheredFromStats(await pc.getStats());
    return judgeCheck(servers, candidates, errors, finished);
  } finally {
    clearTimeout(timer);
    pc.onicecandidateerror = null;
    pc.onicegatheringstatechange = null;
    pc.close();
  }
}

/**
 * Wires the button and the status region. `servers` resolves to the hub's list once its welcome
 * is there (a click right after the page opened waits for it), or null if it does not come.
 */
export function setupConnectionCheck(button: HTMLButtonElement, region: HTMLElement, servers: () => Promise<IceServer[] | null>): void {
  button.addEventListener('click', () => {
    button.disabled = true;
    region.replaceChildren(el('p', { text: t('check.checking') }));
    servers()
      .then((list) => (list === null ? null : checkServers(list)))
      .then((result) => {
        if (result === null) {
          region.replaceChildren(el('p', { text: t('check.notYet') }));
          return;
        }
        const items = result.verdicts.map((v) => el('li', { text: v.words, attrs: { 'data-outcome': v.outcome } }));
        region.replaceChildren(el('p', { text: result.summary }), ...(items.length > 0 ? [el('ul', {}, ...items)] : []));
      })
      .catch((err: unknown) => {
        console.warn('peerhub: connection check failed', err);
        region.replaceChildren(el('p', { text: t('check.failed') }));
      })
      .finally(() => {
        button.disabled = false;
      });
  });
}
