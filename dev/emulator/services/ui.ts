// The spreadsheet Ui (menus, sidebar, dialogs, alerts, prompts) and HtmlService, recorded into emu.ui for tests.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Invocation, withNotImplemented } from '../invocation';
import type { MenuItem } from '../state';

export const ButtonEnum = Object.freeze({ CLOSE: 'CLOSE', OK: 'OK', CANCEL: 'CANCEL', YES: 'YES', NO: 'NO' });
export const ButtonSetEnum = Object.freeze({
  OK: 'OK',
  OK_CANCEL: 'OK_CANCEL',
  YES_NO: 'YES_NO',
  YES_NO_CANCEL: 'YES_NO_CANCEL',
});
const SandboxModeEnum = Object.freeze({ EMULATED: 'EMULATED', IFRAME: 'IFRAME', NATIVE: 'NATIVE' });
const XFrameOptionsModeEnum = Object.freeze({ ALLOWALL: 'ALLOWALL', DEFAULT: 'DEFAULT' });

export class HtmlOutputApi {
  content: string;
  title = '';
  width?: number;
  height?: number;
  sandboxMode = 'IFRAME';
  constructor(content: string) {
    this.content = content;
  }
  getContent(): string {
    return this.content;
  }
  setContent(content: string): HtmlOutputApi {
    this.content = String(content);
    return this;
  }
  append(addedContent: string): HtmlOutputApi {
    this.content += String(addedContent);
    return this;
  }
  appendUntrusted(addedContent: string): HtmlOutputApi {
    this.content += String(addedContent)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;');
    return this;
  }
  clear(): HtmlOutputApi {
    this.content = '';
    return this;
  }
  setTitle(title: string): HtmlOutputApi {
    this.title = String(title);
    return this;
  }
  getTitle(): string {
    return this.title;
  }
  setWidth(width: number): HtmlOutputApi {
    this.width = width;
    return this;
  }
  getWidth(): number {
    return this.width ?? 600;
  }
  setHeight(height: number): HtmlOutputApi {
    this.height = height;
    return this;
  }
  getHeight(): number {
    return this.height ?? 400;
  }
  setSandboxMode(mode: string): HtmlOutputApi {
    this.sandboxMode = String(mode);
    return this;
  }
  getSandboxMode(): string {
    return this.sandboxMode;
  }
  setXFrameOptionsMode(_mode: string): HtmlOutputApi {
    return this;
  }
  addMetaTag(_name: string, _content: string): HtmlOutputApi {
    return this;
  }
  setFaviconUrl(_url: string): HtmlOutputApi {
    return this;
  }
}

function htmlOutput(content: string): HtmlOutputApi {
  return withNotImplemented(new HtmlOutputApi(content), 'HtmlOutput');
}

export function makeHtmlService(inv: Invocation): object {
  const service = {
    createHtmlOutput(html?: unknown): HtmlOutputApi {
      inv.check();
      const content =
        html === undefined
          ? ''
          : typeof html === 'object' && html && 'getDataAsString' in html
            ? (html as { getDataAsString(): string }).getDataAsString()
            : String(html);
      return htmlOutput(content);
    },
    createHtmlOutputFromFile(filename: string): HtmlOutputApi {
      inv.check();
      const name = String(filename);
      const file = path.join(inv.state.htmlDir, name.endsWith('.html') ? name : `${name}.html`);
      if (!fs.existsSync(file)) throw inv.exception(`No HTML file named ${name} was found.`);
      return htmlOutput(fs.readFileSync(file, 'utf8'));
    },
    SandboxMode: SandboxModeEnum,
    XFrameOptionsMode: XFrameOptionsModeEnum,
  };
  return withNotImplemented(service, 'HtmlService');
}

class MenuApi {
  readonly items: MenuItem[] = [];
  constructor(
    private inv: Invocation,
    readonly title: string,
    readonly addon: boolean,
  ) {}
  addItem(caption: string, functionName: string): MenuApi {
    this.items.push({ caption: String(caption), functionName: String(functionName) });
    return this;
  }
  addSeparator(): MenuApi {
    this.items.push({ caption: '', functionName: '', separator: true });
    return this;
  }
  addSubMenu(menu: MenuApi): MenuApi {
    this.items.push({ caption: menu.title, functionName: '', submenu: menu.items });
    return this;
  }
  addToUi(): void {
    this.inv.check();
    const menus = this.inv.state.ui.menus;
    const i = menus.findIndex((m) => m.title === this.title && m.addon === this.addon);
    const entry = { title: this.title, addon: this.addon, items: this.items };
    if (i >= 0) menus[i] = entry;
    else menus.push(entry);
  }
}

function asHtml(inv: Invocation, output: unknown, method: string): HtmlOutputApi {
  if (!(output instanceof HtmlOutputApi))
    throw inv.exception(`The parameters (${typeof output}) don't match the method signature for Ui.${method}.`);
  return output;
}

export function makeUi(inv: Invocation): object {
  const ui = inv.state.ui;
  const api = {
    Button: ButtonEnum,
    ButtonSet: ButtonSetEnum,
    createMenu: (caption: string) => withNotImplemented(new MenuApi(inv, String(caption), false), 'Menu'),
    createAddonMenu: () => withNotImplemented(new MenuApi(inv, 'Add-on', true), 'Menu'),
    showSidebar(output: unknown): void {
      inv.requireFull('Ui.showSidebar');
      const out = asHtml(inv, output, 'showSidebar');
      ui.sidebars.push({ title: out.title, html: out.content });
    },
    showModalDialog(output: unknown, title: string): void {
      inv.requireFull('Ui.showModalDialog');
      const out = asHtml(inv, output, 'showModalDialog');
      ui.dialogs.push({ title: String(title), html: out.content, width: out.width, height: out.height, modal: true });
    },
    showModelessDialog(output: unknown, title: string): void {
      inv.requireFull('Ui.showModelessDialog');
      const out = asHtml(inv, output, 'showModelessDialog');
      ui.dialogs.push({ title: String(title), html: out.content, width: out.width, height: out.height, modal: false });
    },
    alert(a: string, b?: string, c?: string): string {
      inv.check();
      const withTitle = b !== undefined && c !== undefined;
      const buttons = withTitle ? c : b;
      ui.alerts.push(withTitle ? `${a}: ${b}` : String(a));
      const scripted = ui.alertResponses.shift();
      if (scripted) return scripted;
      return buttons === 'YES_NO' || buttons === 'YES_NO_CANCEL' ? 'YES' : 'OK';
    },
    prompt(a: string, b?: string, _c?: string): object {
      inv.check();
      ui.prompts.push(b !== undefined && typeof b === 'string' && !(b in ButtonSetEnum) ? `${a}: ${b}` : String(a));
      const scripted = ui.promptResponses.shift() ?? { text: '', button: 'OK' };
      return withNotImplemented(
        { getResponseText: () => scripted.text, getSelectedButton: () => scripted.button ?? 'OK' },
        'PromptResponse',
      );
    },
  };
  return withNotImplemented(api, 'Ui');
}
