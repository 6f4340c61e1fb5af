// Loaded with --import into the doctor's process by test/doctor/run.ts: as the process exits,
// writes its peak resident memory in bytes to PEAK_MEMORY_FILE.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  writeFileSync(process.env.PEAK_MEMORY_FILE, String(process.resourceUsage().maxRSS * 1024));
});
