/**
 * The landing page: start a room (a plain link to /new; the server redirects to a fresh room)
 * or join one by pasting its link.
 */
import './styles.css';
import { joinTarget } from './room-link';
import { required } from './ui/dom';

const form = required<HTMLFormElement>('#join-form');
const input = required<HTMLInputElement>('#join-link');
const message = required<HTMLElement>('#join-message');

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const target = joinTarget(input.value, location.origin);
  if (!target) {
    message.textContent = 'That does not look like a Peerhub room link. It should end in /r/ and the room code.';
    message.hidden = false;
    input.focus();
    return;
  }
  location.assign(target);
});
input.addEventListener('input', () => {
  message.hidden = true;
});
