// A Vue 3 app with <regime-widget>: the element is defined by the import, and Vue's compiler is told
// (in vite.config.ts) that the tag is a custom element, not a Vue component. `npm run example:vue`
// serves it; it reads the reference server of `npm start` (http://127.0.0.1:4202), or `?server=URL`.
import { createApp } from 'vue';
import 'regime-widget';
import type {} from 'regime-widget/vue';
import RegimePanel from './RegimePanel.vue';

const server = new URLSearchParams(location.search).get('server') ?? 'http://127.0.0.1:4202';

createApp(RegimePanel, {
  symbol: 'BTCUSDT',
  dark: matchMedia('(prefers-color-scheme: dark)').matches,
  apiUrl: `${server}/api`,
  wsUrl: server,
}).mount('#app');
