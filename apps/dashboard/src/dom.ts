/** Small helpers to build the DOM from data without innerHTML. */
export const byId = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;

export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  properties: Partial<HTMLElementTagNameMap[K]> & { dataset?: Record<string, string> } = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  const { dataset, ...rest } = properties;
  Object.assign(node, rest);
  for (const [key, value] of Object.entries(dataset ?? {})) node.dataset[key] = value;
  node.append(...children);
  return node;
}

export const button = (text: string, onClick: () => void, className = ''): HTMLButtonElement =>
  element('button', { type: 'button', textContent: text, className, onclick: onClick });

export function row(cells: (Node | string)[]): HTMLTableRowElement {
  return element('tr', {}, ...cells.map((cell) => element('td', {}, cell)));
}

/** Runs `task` once the browser has painted what is on the page now. */
export const afterPaint = (task: () => void): void => {
  requestAnimationFrame(() => window.setTimeout(task, 0));
};
