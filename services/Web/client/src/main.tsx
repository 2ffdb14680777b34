import { render } from 'preact';
import { App } from './app';
import { applyToDocument, language } from './i18n';
import { loadSession, session } from './session';
import { startSync } from './sync';
import './styles.css';

applyToDocument();
language.subscribe(applyToDocument);
render(<App />, document.getElementById('app')!);

if ('serviceWorker' in navigator) {
  // The app's files are kept by the service worker, so the installed app opens with no connection.
  void navigator.serviceWorker.register('/sw.js', { scope: '/' });
}

// Sending starts as soon as the person is known, before the centres load: a family saved in the first seconds is
// counted and sent like any other.
const stop = session.subscribe(() => {
  const state = session.get();
  const subject = state.kind === 'signedIn' ? state.user.subject : state.kind === 'signedOut' ? state.previous?.subject : undefined;
  if (!subject) return;
  stop();
  startSync(subject);
});
void loadSession();
