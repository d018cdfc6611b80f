// How figures are written in the tables: few digits, units always shown.

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 12345.6 -> "12,346". */
export function formatCount(value: number): string {
  return Number.isFinite(value) ? grouped.format(value) : 'n/a';
}

/** Milliseconds with a sensible precision: "0.42 ms", "12.3 ms", "1,234 ms". */
export function formatMs(value: number): string {
  if (!Number.isFinite(value)) {
    return 'n/a';
  }
  if (value >= 1000) {
    return `${grouped.format(value)} ms`;
  }
  return `${value >= 10 ? value.toFixed(1) : value.toFixed(2)} ms`;
}

/** Seconds from milliseconds: "2.35 s". */
export function formatSeconds(ms: number): string {
  return Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : 'n/a';
}

/** 0.034 -> "+3.4%", -0.2 -> "-20.0%". */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) {
    return 'n/a';
  }
  const percent = fraction * 100;
  return `${percent >= 0 ? '+' : ''}${percent.toFixed(1)}%`;
}

/** 10.42 -> "10.4x", 0.51 -> "0.51x". */
export function formatRatio(value: number): string {
  if (!Number.isFinite(value)) {
    return 'n/a';
  }
  return `${value >= 10 ? value.toFixed(1) : value.toFixed(2)}x`;
}

/** Bytes: "2,604 B (2.5 kB)". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) {
    return 'n/a';
  }
  return bytes < 1024 ? `${grouped.format(bytes)} B` : `${grouped.format(bytes)} B (${(bytes / 1024).toFixed(1)} kB)`;
}

/** Megabytes from bytes: "41.2 MB". */
export function formatMegabytes(bytes: number): string {
  return Number.isFinite(bytes) ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : 'n/a';
}
