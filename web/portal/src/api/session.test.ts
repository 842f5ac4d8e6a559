import { describe, expect, it } from 'vitest';
import { checkKeyInput, keyStore } from './session';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
  };
}

describe('keyStore', () => {
  it('keeps, reads and clears the key', () => {
    const storage = memoryStorage();
    const store = keyStore(storage);
    expect(store.load()).toBeNull();
    store.save('  gl-abc \n');
    expect(store.load()).toBe('gl-abc');
    store.clear();
    expect(store.load()).toBeNull();
    expect(storage.items.size).toBe(0);
  });

  it('behaves as signed out when storage throws', () => {
    const store = keyStore({
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => undefined,
      removeItem: () => undefined,
    });
    expect(store.load()).toBeNull();
  });

  it('works without storage at all', () => {
    const store = keyStore(null);
    store.save('gl-x');
    expect(store.load()).toBeNull();
  });
});

describe('checkKeyInput', () => {
  it('trims and accepts a pasted key', () => {
    expect(checkKeyInput('  gl-abc\n')).toEqual({ key: 'gl-abc', problem: null });
  });

  it('asks for a key when empty and refuses inner spaces', () => {
    expect(checkKeyInput('   ').problem).toBe('Enter an admin key.');
    expect(checkKeyInput('gl-a bc').problem).toMatch(/no spaces/);
  });
});
