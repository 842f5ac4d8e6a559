// The admin key lives in sessionStorage only: gone when the tab closes or the user signs out.

const KEY_ITEM = 'gatolink.portal.key';

export interface KeyStore {
  load(): string | null;
  save(key: string): void;
  clear(): void;
}

/** A key store over a Storage (sessionStorage in the browser; a fake in tests). */
export function keyStore(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null): KeyStore {
  return {
    load() {
      try {
        const value = storage?.getItem(KEY_ITEM)?.trim();
        return value ? value : null;
      } catch {
        // Storage disabled by the browser's privacy settings: behave as signed out.
        return null;
      }
    },
    save(key) {
      storage?.setItem(KEY_ITEM, key.trim());
    },
    clear() {
      storage?.removeItem(KEY_ITEM);
    },
  };
}

/** Trims a pasted key and says what is wrong with it, if anything, before asking the silo. */
export function checkKeyInput(input: string): { key: string; problem: string | null } {
  const key = input.trim();
  if (!key) return { key, problem: 'Enter an admin key.' };
  if (/\s/.test(key)) return { key, problem: 'A key has no spaces or line breaks; paste it again.' };
  return { key, problem: null };
}
