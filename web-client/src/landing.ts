/**
 * The landing page: start a room (a plain link to /new, where the room page makes a fresh room
 * key itself) or join one by pasting its whole link.
 */
import './styles.css';
import { joinTarget } from './room-link';
import { required } from './ui/dom';
import { registerAppShell } from './pwa/register';

const form = required<HTMLFormElement>('#join-form');
const input = required<HTMLInputElement>('#join-link');
const message = required<HTMLElement>('#join-message');

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const target = joinTarget(input.value, location.origin);
  if (!target.ok) {
    message.textContent = target.reason === 'no-key'
      ? 'That link is incomplete: the part after “#” is missing, and it is the room’s key. Ask for the whole link.'
      : 'That does not look like a Peerhub room link. It should end in /r/, the room code, “#” and the key.';
    message.hidden = false;
    input.focus();
    return;
  }
  location.assign(target.url);
});
input.addEventListener('input', () => {
  message.hidden = true;
});

// The landing page has nothing an update could interrupt: a reload is all it takes.
registerAppShell(() => undefined);
