/**
 * A short recording of footsteps as a WAV file (8 kHz, 8-bit mono PCM): sample media for the
 * video/audio classification task that every browser plays, with no encoder to ship. The pace
 * tells the activities apart by ear; no steps at all is someone standing.
 */
export function footstepsWav(stepsPerSecond: number, seconds = 3, seed = 1): Buffer {
  const rate = 8000;
  const count = Math.round(rate * seconds);
  const samples = new Uint8Array(count);
  let state = seed >>> 0 || 1;
  // xorshift: the same file on every machine, so a new task folder is byte-identical.
  const noise = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) / 0xffffffff) * 2 - 1;
  };
  const stepEvery = stepsPerSecond > 0 ? Math.round(rate / stepsPerSecond) : Infinity;
  for (let i = 0; i < count; i++) {
    const sinceStep = i % stepEvery;
    // A thud: a low tone and a burst of noise, dying away within about 60 ms; faint room noise between.
    const envelope = Number.isFinite(stepEvery) ? Math.exp(-sinceStep / (rate * 0.012)) : 0;
    const value = envelope * (0.6 * Math.sin((2 * Math.PI * 90 * sinceStep) / rate) + 0.35 * noise()) + 0.01 * noise();
    samples[i] = Math.max(0, Math.min(255, Math.round(128 + 127 * value)));
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + count, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16); // fmt chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate, 28); // bytes per second: one byte per sample
  header.writeUInt16LE(1, 32); // block align
  header.writeUInt16LE(8, 34); // bits per sample
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(count, 40);
  return Buffer.concat([header, samples]);
}
