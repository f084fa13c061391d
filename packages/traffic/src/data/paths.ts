/**
 * Path data for the probe rules. All entries are lower case and compared against the decoded,
 * case-folded, dot-resolved path (see src/decode.ts).
 *
 * Sources: crowdsecurity/sec-lists web/ (MIT, commit 1149fa3): admin_interfaces.txt, sensitive_data.txt,
 * trendy_cves.txt, technology_probing.json; OWASP CRS rules/restricted-files.data and ai-critical-artifacts.data
 * (Apache-2.0, commit 2cbd1d0); and the WordPress, phpMyAdmin and product documentation for the paths those products serve.
 * Entries were chosen and grouped by this project; see docs/traffic.md.
 *
 * Forms: `seg` = one path segment equal to this; `a/b` = consecutive segments; `prefix*` = a segment
 * starting with this.
 */

export const WORDPRESS_PATHS: readonly string[] = [
  'wp-login.php',
  'xmlrpc.php',
  'wp-admin',
  'wp-config*',
  'wp-content',
  'wp-includes',
  'wp-json',
  'wp-cron.php',
  'wp-signup.php',
  'wp-trackback.php',
  'wlwmanifest.xml',
  'wp-links-opml.php',
  'wp-load.php',
  'wp-settings.php',
  'wp-blog-header.php',
  'wp-mail.php',
  'wordpress/wp-admin',
];

export const PHPMYADMIN_PATHS: readonly string[] = [
  'phpmyadmin',
  'phpmyadmin1*',
  'phpmyadmin2*',
  'phpmyadmin3*',
  'phpmyadmin4*',
  'phpmyadmin5*',
  'phpmyadmin-1*',
  'phpmyadmin-2*',
  'phpmyadmin-3*',
  'phpmyadmin-4*',
  'phpmyadmin-5*',
  'phpmyadmin_1*',
  'phpmyadmin_2*',
  'phpmyadmin_3*',
  'phpmyadmin_4*',
  'phpmyadmin_5*',
  'pma',
  'pma2*',
  'myadmin',
  'mysqladmin',
  'phpmyadm1n',
  'phpma',
  'sqladmin',
  'dbadmin',
  'mysql-admin',
  'phpadmin',
  'adminer.php',
  'adminer',
  'sqlweb',
  'websql',
];

export const ADMIN_PATHS: readonly string[] = [
  'administrator',
  'admin.php',
  'admin',
  'admin-console',
  'admincp',
  'admin_area',
  'adminpanel',
  'webadmin',
  'cpanel',
  'whm',
  'plesk',
  'manager/html',
  'manager/text',
  'host-manager',
  'jmx-console',
  'web-console',
  'invoker',
  'solr/admin',
  'solr',
  'sitecore/admin',
  'sitecore/login',
  'sitefinity/authenticate',
  'scriptcase',
  'web/database/manager',
  'sfmc/login',
  'dms/out/out.login.php',
  'rsso/admin',
  'remote/login',
  'commandcenter/restservlet',
  'kcfinder',
  'sphider/admin',
  'ampps',
  'ampps-admin',
  'libs/granite',
  'crx/packmgr',
  'cfide',
  'system/sling',
  'login.action',
  'user/register',
  'node/add',
  'bitrix/admin',
  'typo3',
  'umbraco',
  'jenkins',
  'hudson',
  'druid',
  'geoserver/web',
  'nagios',
  'zabbix',
  'webmin',
  'owa/auth',
  'ecp',
];

export const SENSITIVE_PATHS: readonly string[] = [
  '.env*',
  '.git*',
  '.svn',
  '.hg',
  '.bzr',
  '.cvs',
  '.ds_store',
  '.htaccess',
  '.htpasswd',
  '.htdigest',
  '.aws',
  'aws/credentials',
  '.ssh',
  '.docker',
  '.dockerenv',
  '.kube',
  '.npmrc',
  '.pypirc',
  '.netrc',
  '.pgpass',
  '.my.cnf',
  '.boto',
  '.s3cfg',
  '.azure',
  '.gnupg',
  '.terraform',
  '.vscode',
  '.idea',
  '.bash_history',
  '.zsh_history',
  '.sh_history',
  '.mysql_history',
  '.psql_history',
  '.python_history',
  '.bashrc',
  '.profile',
  '.travis.yml',
  '.circleci',
  '.ftpconfig',
  '.remote-sync.json',
  'sftp-config.json',
  // AI coding assistants' folders and MCP server settings, which hold API keys and tokens (CRS
  // ai-critical-artifacts.data): scanners began asking for them in 2025.
  '.claude',
  '.cursor',
  '.continue',
  '.aider*',
  '.roo',
  '.cline',
  '.kiro',
  '.windsurf',
  '.codex',
  '.gemini',
  '.junie',
  '.n8n',
  '.mcp.json',
  'web.config',
  'id_rsa*',
  'id_dsa*',
  'id_ecdsa*',
  'id_ed25519*',
  'secrets.yml',
  'secrets.json',
  'aws-key.yml',
  'config/aws.yml',
  'docker-compose.yml',
  'composer.json',
  'composer.lock',
  'database.yml',
  'phpinfo.php',
  'info.php',
  'server-status',
  'server-info',
  'wp-content/debug.log',
  'debug.log',
  'actuator/env',
  'actuator/heapdump',
  'heapdump',
  'telescope/requests',
  '_profiler',
  'elmah.axd',
  'trace.axd',
];

/** Extensions of backups, dumps and keys: sensitive wherever they appear as the last extension. */
export const SENSITIVE_EXTENSIONS: readonly string[] = [
  '.sql',
  '.bak',
  '.old',
  '.orig',
  '.swp',
  '.swo',
  '.save',
  '.sav',
  '.backup',
  '.bkp',
  '.dump',
  '.sqlite',
  '.sqlite3',
  '.mdb',
  '.pem',
  '.key',
  '.p12',
  '.pfx',
  '.ppk',
  '.jks',
  '.keystore',
  '.kdbx',
  '.ovpn',
];

/** Archive extensions: sensitive when the name looks like a site backup (`backup.zip`, `db.sql.gz`). */
export const ARCHIVE_EXTENSIONS: readonly string[] = [
  '.zip',
  '.tar',
  '.gz',
  '.tgz',
  '.rar',
  '.7z',
  '.bz2',
  '.xz',
];
export const BACKUP_BASENAMES: readonly string[] = [
  'backup',
  'backups',
  'site',
  'www',
  'wwwroot',
  'htdocs',
  'public_html',
  'web',
  'db',
  'database',
  'dump',
  'sql',
  'mysql',
  'old',
];

/** Paths used by exploits of published vulnerabilities (product and CVE in the comment). */
export const CVE_PATHS: readonly string[] = [
  'global-protect/login.esp', // PAN-OS CVE-2024-3400
  'cgi-bin/nas_sharing.cgi', // D-Link CVE-2024-3272
  'server/node_upgrade_srv.js', // CVE-2018-12031
  'cgi/networkdiag.cgi', // CVE-2021-36380
  '_ignition/execute-solution', // Laravel CVE-2021-3129
  'setup.cgi', // Netgear CVE-2020-27866
  'webinterface/login.html', // CrushFTP CVE-2024-4040
  'clients/mycrl', // Check Point CVE-2024-24919
  'guestaccess.aspx', // MOVEit CVE-2024-5806
  'hedwig.cgi', // D-Link CVE-2024-0769
  'hnap1', // D-Link HNAP CVE-2019-8318 and others
  'gsb/datetime.php', // Ivanti CSA CVE-2024-8190
  'rpc2_login', // Dahua CVE-2021-33044
  'eval-stdin.php', // PHPUnit CVE-2017-9841
  'phpunit', // PHPUnit CVE-2017-9841
  'boaform', // Netlink GPON CVE-2020-8958
  '+cscoe+', // Cisco ASA CVE-2020-3452
  'dana-na', // Pulse Secure CVE-2019-11510
  'remote/fgt_lang', // Fortinet CVE-2018-13379
  'autodiscover/autodiscover.json', // Exchange ProxyShell CVE-2021-34473
  'mgmt/tm/util/bash', // F5 BIG-IP CVE-2022-1388
  'tmui', // F5 BIG-IP CVE-2020-5902
  'console.portal', // WebLogic CVE-2020-14882
  'wls-wsat', // WebLogic CVE-2017-10271
  'vpns', // Citrix ADC CVE-2019-19781
  'gponform', // GPON routers CVE-2018-10561
  'cgi-bin/mainfunction.cgi', // DrayTek CVE-2020-8515
  'cgi-bin/kerbynet', // Zeroshell CVE-2019-12725
  'ajax/render/widget_tabbedcontainer_tab_panel', // vBulletin CVE-2020-17496
  'fckeditor', // FCKeditor file-manager upload, CVE-2009-2265
  'containers/json', // exposed Docker API
  'unauth/php', // PAN-OS CVE-2025-0108
  'sdk/weblanguage', // Hikvision CVE-2021-36260
  'device.rsp', // TBK DVR CVE-2024-3721
  'actuator/gateway/routes', // Spring Cloud Gateway CVE-2022-22947
];

/** Query or path fragments of exploits that are not plain paths (checked on the decoded, lower-cased text). */
export const CVE_FRAGMENTS: readonly string[] = [
  'invokefunction', // ThinkPHP CVE-2018-20062
  'index.php?.php/', // CVE-2024-8963 (decoded form of index.php%3f.php/)
  'allow_url_include', // PHP-CGI CVE-2012-1823 / CVE-2024-4577
  'auto_prepend_file', // PHP-CGI CVE-2012-1823 / CVE-2024-4577
  'class.module.classloader', // Spring4Shell CVE-2022-22965
  ';stok=/locale', // TP-Link Archer CVE-2023-1389
  'java.lang.runtime', // OGNL/SpEL code in the URL: Confluence CVE-2022-26134, Struts CVE-2017-5638
];

/** Files browsers and apps fetch on their own; a 404 there is not a probe. */
export const AUTO_REQUESTED: readonly string[] = [
  'favicon.ico',
  'apple-touch-icon*',
  'browserconfig.xml',
  'robots.txt',
  'sitemap.xml',
  'sitemap_index.xml',
  'ads.txt',
  'app-ads.txt',
  'humans.txt',
  'security.txt',
  'crossdomain.xml',
  'clientaccesspolicy.xml',
  'manifest.json',
  'site.webmanifest',
  'mstile*',
  '.well-known',
];

/** Extensions CrowdSec calls static (plus fonts and icons): 404s there are usually broken assets. */
export const STATIC_EXTENSIONS: readonly string[] = [
  '.jpg',
  '.jpeg',
  '.png',
  '.gif',
  '.svg',
  '.ico',
  '.webp',
  '.css',
  '.js',
  '.map',
  '.woff',
  '.woff2',
  '.ttf',
  '.eot',
];

/** Methods an ordinary site does not serve: proxying, tracing and WebDAV. */
export const BAD_METHODS: readonly string[] = [
  'CONNECT',
  'TRACE',
  'TRACK',
  'DEBUG',
  'PROPFIND',
  'PROPPATCH',
  'MKCOL',
  'COPY',
  'MOVE',
  'LOCK',
  'UNLOCK',
  'SEARCH',
];
