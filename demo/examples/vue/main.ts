// A Vue 3 app with <regime-widget>: the element is defined by the import, and Vue's compiler is told
// (in vite.config.ts) that the tag is a custom element, not a Vue component.
import { createApp } from 'vue';
import 'regime-widget';
import type {} from 'regime-widget/vue';
import RegimePanel from './RegimePanel.vue';

createApp(RegimePanel, { symbol: 'BTCUSDT', dark: matchMedia('(prefers-color-scheme: dark)').matches }).mount(
  '#app',
);
