/**
 * The landing page: start a room (a plain link to /new, where the room page makes a fresh room
 * key itself) or join one by pasting its whole link.
 */
import './styles.css';
import { joinTarget } from './room-link';
import { required } from './ui/dom';
import { registerAppShell } from './pwa/register';
import { t } from './i18n';
import { startI18n } from './i18n/page';

startI18n();

const form = required<HTMLFormElement>('#join-form');
const input = required<HTMLInputElement>('#join-link');
const message = required<HTMLElement>('#join-message');

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const target = joinTarget(input.value, location.origin);
  if (!target.ok) {
    message.textContent = target.reason === 'no-key'
      ? t('landing.noKey')
      : t('landing.notALink');
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
