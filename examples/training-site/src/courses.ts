// The course catalogue, in memory. Prices are in cents.
//
// One course ("css-layout-classics") has no `instructor`: it was imported from an old catalogue. The course
// page copes with that; the receipt page does not, and crashes with a TypeError. THIS BUG IS INTENTIONAL:
// it is the demo's crash, the one `logbook show` and `logbook replay` are about. Fix it in pages.ts
// (receiptPage) to see the ticket stop growing.

export interface Lecture {
  id: number;
  title: string;
  minutes: number;
}

export interface Instructor {
  name: string;
  bio: string;
}

export interface Course {
  slug: string;
  title: string;
  summary: string;
  price: number;
  level: 'beginner' | 'intermediate' | 'advanced';
  instructor?: Instructor;
  lectures: Lecture[];
}

function lectures(...titles: string[]): Lecture[] {
  return titles.map((title, i) => ({ id: i + 1, title, minutes: 6 + ((i * 7) % 17) }));
}

export const COURSES: readonly Course[] = [
  {
    slug: 'typescript-from-zero',
    title: 'TypeScript from zero',
    summary: 'Types, narrowing and generics, one small program at a time.',
    price: 4900,
    level: 'beginner',
    instructor: { name: 'Ada Brennan', bio: 'Has taught programming to adults for twelve years.' },
    lectures: lectures(
      'Why types',
      'Narrowing',
      'Unions and literals',
      'Generics without fear',
      'Strict mode',
    ),
  },
  {
    slug: 'node-web-servers',
    title: 'Web servers with Node.js',
    summary: 'HTTP by hand, then Express: routing, forms, sessions and logging.',
    price: 6900,
    level: 'intermediate',
    instructor: { name: 'Kofi Mensah', bio: 'Runs the backend of a mid-sized bookshop.' },
    lectures: lectures(
      'The request',
      'Routing',
      'Forms and POST',
      'Sessions and cookies',
      'Logging that helps',
    ),
  },
  {
    slug: 'sql-for-analysts',
    title: 'SQL for analysts',
    summary: 'SELECT to window functions on a real sales database.',
    price: 5900,
    level: 'beginner',
    instructor: { name: 'Mira Okafor', bio: 'Data analyst turned teacher.' },
    lectures: lectures('SELECT and WHERE', 'Joins', 'Grouping', 'Window functions'),
  },
  {
    slug: 'web-security-basics',
    title: 'Web security basics',
    summary: 'Escaping, sessions, password storage and what scanners look for.',
    price: 7900,
    level: 'advanced',
    instructor: { name: 'Lena Vogt', bio: 'Penetration tester for ten years.' },
    lectures: lectures('Escaping output', 'Sessions done right', 'Storing passwords', 'Reading your logs'),
  },
  {
    // Imported from the old catalogue without an instructor (see the note at the top of this file).
    slug: 'css-layout-classics',
    title: 'CSS layout classics',
    summary: 'Flexbox and grid through ten layouts you will meet at work.',
    price: 3900,
    level: 'beginner',
    lectures: lectures('Flow layout', 'Flexbox', 'Grid', 'Responsive without frameworks'),
  },
];

export function findCourse(slug: string): Course | undefined {
  return COURSES.find((c) => c.slug === slug);
}

/** Courses whose title or summary contains the words searched for (case-insensitive). */
export function searchCourses(query: string): Course[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return COURSES.filter((c) => {
    const text = `${c.title} ${c.summary}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

export function formatPrice(cents: number): string {
  return `€${(cents / 100).toFixed(2)}`;
}
