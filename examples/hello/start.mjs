// A first taste of Logbook until the example training site lands: logs to the console and to ./logs.
import { Logger, setup } from 'logbook';

const logbook = setup({ app: { name: 'hello', version: '0.1.0', env: 'development' } });
const log = new Logger('hello');
log.info('Hello, {name}!', { name: 'World' });
log.notice('User {user} logged in from {ip}', { user: 'ann', ip: '203.0.113.9' }, { event: 'user.login' });
log.warning('Login attempt with {password}', { password: 'hunter2' }); // redacted on disk and on screen
try {
  JSON.parse('{not json');
} catch (error) {
  log.exception(error, 'Could not read the settings');
}
await logbook.close();
console.log(
  `\nRecords written to ${logbook.options.file}; read them with: tail -n 4 ${logbook.options.file}`,
);
