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

void loadSession().then(() => {
  const state = session.get();
  if (state.kind === 'signedIn') startSync(state.user.subject);
  else if (state.kind === 'signedOut' && state.previous) startSync(state.previous.subject);
});
