// The Vue app's Vite config: `regime-widget` is a custom element, not a Vue component.
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag === 'regime-widget' } } })],
});
