import { cpus, totalmem, release, platform } from 'node:os';

/** What the figures were measured on; they mean little without it. */
export function machineInfo() {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    v8: process.versions.v8,
    os: `${platform()} ${release()}`,
  };
}
