import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Vitest global set-up: every temporary file of one test run lives in one folder, removed when the run ends.
// Tests remove their own folders too, but a test that fails, times out or kills a child process mid-write leaves
// files behind, and a few hundred runs of such leftovers once filled the disk. Setting TMPDIR here, before the
// test processes start, reaches os.tmpdir() in every test process and in the servers, browsers and CLIs they
// spawn. LOGBOOK_KEEP_TEST_TMP=1 keeps the folder for a look after a failure.
export default function useOneTemporaryFolderPerRun(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'logbook-test-run-'));
  process.env.TMPDIR = root;
  return () => {
    if (process.env.LOGBOOK_KEEP_TEST_TMP === '1') {
      process.stderr.write(`Temporary files of this test run kept in ${root}\n`);
      return;
    }
    rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  };
}
