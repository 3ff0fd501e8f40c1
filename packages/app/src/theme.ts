/**
 * Light and dark JupyterLab themes for the page: each theme is one stylesheet (JupyterLab's own
 * theme CSS, bundled at build time); switching swaps the stylesheet, then marks the body the way
 * JupyterLab's ThemeManager does, which is what renderers watch to redraw.
 */

/** The themes the page offers. */
export type ThemeName = 'light' | 'dark';

const LABELS: Record<ThemeName, string> = { light: 'JupyterLab Light', dark: 'JupyterLab Dark' };

/** Applies `theme` and resolves once its stylesheet is in effect. */
export function setTheme(theme: ThemeName): Promise<void> {
  let link = document.getElementById('jp-theme') as HTMLLinkElement | null;
  if (!link) {
    link = document.createElement('link');
    link.id = 'jp-theme';
    link.rel = 'stylesheet';
    document.head.appendChild(link);
  }
  const href = `themes/${theme}.css`;
  const loaded = link.getAttribute('href') === href
    ? Promise.resolve()
    : new Promise<void>((resolve, reject) => {
        link!.onload = () => resolve();
        link!.onerror = () => reject(new Error(`could not load ${href}`));
        link!.setAttribute('href', href);
      });
  return loaded.then(() => {
    document.body.dataset.jpThemeLight = String(theme === 'light');
    document.body.dataset.jpThemeName = LABELS[theme];
    localStorage.setItem('jacobi-theme', theme);
  });
}

/** The theme chosen last time (light by default). */
export function savedTheme(): ThemeName {
  return localStorage.getItem('jacobi-theme') === 'dark' ? 'dark' : 'light';
}
