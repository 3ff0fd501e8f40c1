/**
 * The CodeMirror 6 editor services a notebook needs outside the JupyterLab application: default
 * languages (TypeScript included), themes and extensions, plus the binding of each editor to its
 * cell's shared (Yjs) source.
 */
import {
  CodeMirrorEditorFactory,
  CodeMirrorMimeTypeService,
  EditorExtensionRegistry,
  EditorLanguageRegistry,
  EditorThemeRegistry,
  ybinding,
} from '@jupyterlab/codemirror';
import type { IYText } from '@jupyter/ydoc';

/** Editor factory, MIME-type service and language registry for notebook cells. */
export function editorServices() {
  const languages = new EditorLanguageRegistry();
  for (const language of EditorLanguageRegistry.getDefaultLanguages()) languages.addLanguage(language);

  const themes = new EditorThemeRegistry();
  for (const theme of EditorThemeRegistry.getDefaultThemes()) themes.addTheme(theme);

  const extensions = new EditorExtensionRegistry();
  for (const factory of EditorExtensionRegistry.getDefaultExtensions({ themes })) extensions.addExtension(factory);
  extensions.addExtension({
    name: 'shared-model-binding',
    factory: (options) => {
      const shared = options.model.sharedModel as IYText;
      return EditorExtensionRegistry.createImmutableExtension(ybinding({ ytext: shared.ysource, undoManager: shared.undoManager ?? undefined }));
    },
  });

  const factory = new CodeMirrorEditorFactory({ extensions, languages });
  return { languages, editorFactory: factory.newInlineEditor, mimeTypeService: new CodeMirrorMimeTypeService(languages) };
}
