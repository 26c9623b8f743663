import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createConsoleApi } from './api/console-api';
import { App } from './app/App';
import { SessionStore } from './session/session-store';
import './styles.css';

const api = createConsoleApi(new SessionStore(sessionStorage));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App api={api} />
  </StrictMode>,
);
