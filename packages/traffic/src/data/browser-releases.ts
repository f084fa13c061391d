/**
 * Release dates of browser major versions, as anchor points; dates between anchors are interpolated.
 * Sources: the vendors' release histories (Chrome: chromiumdash.appspot.com/releases and the Chrome
 * Releases blog; Firefox: mozilla.org/firefox/releases; Internet Explorer and Edge: Microsoft lifecycle
 * pages; Safari: Apple's Safari release notes; Opera: blogs.opera.com). Dates are the stable release day,
 * accurate to a few days, which is plenty for a rule that speaks in years. Reflects releases up to mid-2025;
 * later versions are extrapolated from the last anchors' pace.
 */
export interface ReleaseAnchor {
  major: number;
  date: string;
}

export const BROWSER_RELEASES: Readonly<Record<string, readonly ReleaseAnchor[]>> = {
  Chrome: [
    { major: 1, date: '2008-12-11' },
    { major: 4, date: '2010-01-25' },
    { major: 10, date: '2011-03-08' },
    { major: 20, date: '2012-06-26' },
    { major: 30, date: '2013-10-01' },
    { major: 40, date: '2015-01-21' },
    { major: 50, date: '2016-04-13' },
    { major: 60, date: '2017-07-25' },
    { major: 70, date: '2018-10-16' },
    { major: 80, date: '2020-02-04' },
    { major: 90, date: '2021-04-14' },
    { major: 100, date: '2022-03-29' },
    { major: 110, date: '2023-02-07' },
    { major: 120, date: '2023-12-05' },
    { major: 130, date: '2024-10-15' },
    { major: 138, date: '2025-05-27' },
  ],
  Firefox: [
    { major: 1, date: '2004-11-09' },
    { major: 2, date: '2006-10-24' },
    { major: 3, date: '2008-06-17' },
    { major: 4, date: '2011-03-22' },
    { major: 5, date: '2011-06-21' },
    { major: 10, date: '2012-01-31' },
    { major: 20, date: '2013-04-02' },
    { major: 30, date: '2014-06-10' },
    { major: 40, date: '2015-08-11' },
    { major: 50, date: '2016-11-15' },
    { major: 60, date: '2018-05-09' },
    { major: 70, date: '2019-10-22' },
    { major: 80, date: '2020-08-25' },
    { major: 90, date: '2021-07-13' },
    { major: 100, date: '2022-05-03' },
    { major: 110, date: '2023-02-14' },
    { major: 120, date: '2023-11-21' },
    { major: 130, date: '2024-09-03' },
    { major: 139, date: '2025-05-27' },
  ],
  IE: [
    { major: 5, date: '1999-03-18' },
    { major: 6, date: '2001-08-27' },
    { major: 7, date: '2006-10-18' },
    { major: 8, date: '2009-03-19' },
    { major: 9, date: '2011-03-14' },
    { major: 10, date: '2012-10-26' },
    { major: 11, date: '2013-10-17' },
    // Edge replaced IE 11; treat it as IE's successor so IE 11 ages from Edge's launch.
    { major: 12, date: '2015-07-29' },
  ],
  Edge: [
    { major: 12, date: '2015-07-29' },
    { major: 18, date: '2018-11-13' },
    { major: 79, date: '2020-01-15' },
    { major: 90, date: '2021-04-15' },
    { major: 100, date: '2022-04-01' },
    { major: 110, date: '2023-02-09' },
    { major: 120, date: '2023-12-07' },
    { major: 130, date: '2024-10-17' },
    { major: 137, date: '2025-05-29' },
  ],
  Safari: [
    { major: 3, date: '2007-06-11' },
    { major: 4, date: '2008-06-09' },
    { major: 5, date: '2010-06-07' },
    { major: 6, date: '2012-07-25' },
    { major: 7, date: '2013-10-22' },
    { major: 8, date: '2014-10-16' },
    { major: 9, date: '2015-09-16' },
    { major: 10, date: '2016-09-20' },
    { major: 11, date: '2017-09-19' },
    { major: 12, date: '2018-09-17' },
    { major: 13, date: '2019-09-19' },
    { major: 14, date: '2020-09-16' },
    { major: 15, date: '2021-09-20' },
    { major: 16, date: '2022-09-12' },
    { major: 17, date: '2023-09-18' },
    { major: 18, date: '2024-09-16' },
  ],
  Opera: [
    { major: 9, date: '2006-06-20' },
    { major: 10, date: '2009-09-01' },
    { major: 11, date: '2010-12-16' },
    { major: 12, date: '2012-06-14' },
    { major: 15, date: '2013-07-02' },
    { major: 30, date: '2015-06-09' },
    { major: 50, date: '2017-12-06' },
    { major: 70, date: '2020-07-28' },
    { major: 100, date: '2023-06-29' },
    { major: 115, date: '2024-11-28' },
  ],
};

/** ua-parser-js 1.x browser names mapped onto the release tables above. */
export const BROWSER_FAMILY: Readonly<Record<string, string>> = {
  Chrome: 'Chrome',
  'Chrome Mobile': 'Chrome',
  'Chrome WebView': 'Chrome',
  Chromium: 'Chrome',
  Firefox: 'Firefox',
  'Mobile Firefox': 'Firefox',
  'Firefox Mobile': 'Firefox',
  IE: 'IE',
  IEMobile: 'IE',
  Edge: 'Edge',
  Safari: 'Safari',
  'Mobile Safari': 'Safari',
  Opera: 'Opera',
};
