import type { AttributeType, Dimension } from "@facet/validators";

/** The demo's attributes: a time-management app's customer data, in all seven dimensions. */
export const demoAttributes: {
  key: string;
  label: string;
  type: AttributeType;
  dimension: Dimension;
  enumValues?: string[];
  description?: string;
}[] = [
  { key: "age", label: "Age", type: "number", dimension: "demographic" },
  { key: "gender", label: "Gender", type: "enum", dimension: "demographic", enumValues: ["Female", "Male", "Non-binary"] },
  { key: "occupation", label: "Occupation", type: "string", dimension: "demographic" },
  {
    key: "income_band",
    label: "Income band",
    type: "enum",
    dimension: "demographic",
    enumValues: ["Under 25k", "25k-50k", "50k-100k", "Over 100k"],
  },
  {
    key: "education",
    label: "Education",
    type: "enum",
    dimension: "demographic",
    enumValues: ["High school", "Bachelor's", "Master's", "Doctorate"],
  },
  {
    key: "marital_status",
    label: "Marital status",
    type: "enum",
    dimension: "demographic",
    enumValues: ["Single", "Partnered", "Married"],
  },
  {
    key: "country",
    label: "Country",
    type: "enum",
    dimension: "geographic",
    enumValues: ["United States", "United Kingdom", "Germany", "France", "Canada", "India", "Brazil", "Australia"],
  },
  { key: "city", label: "City", type: "string", dimension: "geographic" },
  {
    key: "lifestyle",
    label: "Lifestyle",
    type: "enum",
    dimension: "psychographic",
    enumValues: ["Career-driven", "Health-conscious", "Family-first", "Creative", "Minimalist", "Social"],
  },
  { key: "values", label: "Values", type: "list", dimension: "psychographic", description: "What they say matters most." },
  { key: "interests", label: "Interests", type: "list", dimension: "psychographic" },
  {
    key: "primary_device",
    label: "Primary device",
    type: "enum",
    dimension: "technographic",
    enumValues: ["iPhone", "Android", "Mac", "Windows", "Web"],
  },
  { key: "integrations", label: "Integrations", type: "list", dimension: "technographic", description: "Connected apps." },
  { key: "main_need", label: "Main need", type: "string", dimension: "needs" },
  { key: "pain_points", label: "Pain points", type: "list", dimension: "needs" },
  { key: "plan", label: "Plan", type: "enum", dimension: "value", enumValues: ["Free", "Pro", "Team"] },
  { key: "seats", label: "Seats", type: "number", dimension: "value" },
  { key: "weekly_active_days", label: "Weekly active days", type: "number", dimension: "behavioral" },
  {
    key: "signup_source",
    label: "Signup source",
    type: "enum",
    dimension: "behavioral",
    enumValues: ["Organic search", "App store", "Referral", "Ads", "Partner"],
  },
  { key: "newsletter", label: "Newsletter subscriber", type: "boolean", dimension: "behavioral" },
];

type Pick = readonly (readonly [string, number])[];

/** A kind of customer the demo generates, with how its attributes are distributed. */
export interface DemoPersona {
  name: string;
  share: number;
  age: [number, number];
  occupations: readonly string[];
  income: Pick;
  education: Pick;
  marital: Pick;
  lifestyle: Pick;
  values: readonly string[];
  interests: readonly string[];
  devices: Pick;
  integrations: readonly string[];
  needs: readonly string[];
  painPoints: readonly string[];
  plan: Pick;
  seats: [number, number];
  activeDays: [number, number];
  features: readonly string[];
}

export const demoPersonas: DemoPersona[] = [
  {
    name: "Busy professional",
    share: 0.22,
    age: [28, 52],
    occupations: ["Product manager", "Consultant", "Lawyer", "Software engineer", "Sales director", "Accountant"],
    income: [
      ["50k-100k", 5],
      ["Over 100k", 4],
      ["25k-50k", 1],
    ],
    education: [
      ["Bachelor's", 5],
      ["Master's", 4],
      ["Doctorate", 1],
    ],
    marital: [
      ["Married", 5],
      ["Partnered", 3],
      ["Single", 3],
    ],
    lifestyle: [
      ["Career-driven", 6],
      ["Health-conscious", 3],
      ["Social", 1],
    ],
    values: ["efficiency", "career growth", "work-life balance", "achievement"],
    interests: ["productivity", "running", "podcasts", "travel", "investing"],
    devices: [
      ["iPhone", 5],
      ["Mac", 4],
      ["Windows", 2],
    ],
    integrations: ["Google Calendar", "Outlook", "Zoom", "Slack"],
    needs: ["Protect focus time from meetings", "Plan the week in one place"],
    painPoints: ["meeting overload", "context switching", "email backlog"],
    plan: [
      ["Pro", 6],
      ["Free", 3],
      ["Team", 1],
    ],
    seats: [1, 1],
    activeDays: [4, 7],
    features: ["calendar_sync", "focus_session", "weekly_review", "task_created"],
  },
  {
    name: "Student",
    share: 0.2,
    age: [18, 25],
    occupations: ["Student"],
    income: [
      ["Under 25k", 9],
      ["25k-50k", 1],
    ],
    education: [
      ["High school", 6],
      ["Bachelor's", 4],
    ],
    marital: [
      ["Single", 9],
      ["Partnered", 1],
    ],
    lifestyle: [
      ["Social", 4],
      ["Creative", 3],
      ["Health-conscious", 2],
      ["Minimalist", 1],
    ],
    values: ["learning", "friendship", "independence"],
    interests: ["gaming", "music", "study groups", "fitness"],
    devices: [
      ["Android", 5],
      ["iPhone", 4],
      ["Web", 2],
    ],
    integrations: ["Google Calendar", "Notion"],
    needs: ["Keep track of assignment deadlines", "Build a study routine"],
    painPoints: ["procrastination", "exam stress", "missed deadlines"],
    plan: [
      ["Free", 9],
      ["Pro", 1],
    ],
    seats: [1, 1],
    activeDays: [2, 6],
    features: ["task_created", "reminder_set", "pomodoro_timer"],
  },
  {
    name: "Freelancer",
    share: 0.14,
    age: [24, 45],
    occupations: ["Designer", "Writer", "Developer", "Photographer", "Translator"],
    income: [
      ["25k-50k", 5],
      ["50k-100k", 4],
      ["Under 25k", 1],
    ],
    education: [
      ["Bachelor's", 6],
      ["Master's", 2],
      ["High school", 2],
    ],
    marital: [
      ["Single", 5],
      ["Partnered", 4],
      ["Married", 2],
    ],
    lifestyle: [
      ["Creative", 6],
      ["Minimalist", 2],
      ["Health-conscious", 2],
    ],
    values: ["independence", "creativity", "flexibility"],
    interests: ["design", "coffee", "travel", "photography"],
    devices: [
      ["Mac", 6],
      ["iPhone", 3],
      ["Windows", 1],
    ],
    integrations: ["Google Calendar", "Notion", "Toggl", "Stripe"],
    needs: ["Track billable hours per client", "Juggle several client deadlines"],
    painPoints: ["unbilled hours", "irregular schedule", "scope creep"],
    plan: [
      ["Pro", 7],
      ["Free", 3],
    ],
    seats: [1, 1],
    activeDays: [3, 7],
    features: ["time_tracked", "invoice_exported", "task_created", "client_report"],
  },
  {
    name: "Remote worker",
    share: 0.14,
    age: [25, 45],
    occupations: ["Software engineer", "Customer success manager", "Data analyst", "Marketing specialist"],
    income: [
      ["50k-100k", 6],
      ["25k-50k", 3],
      ["Over 100k", 1],
    ],
    education: [
      ["Bachelor's", 6],
      ["Master's", 3],
      ["High school", 1],
    ],
    marital: [
      ["Single", 4],
      ["Partnered", 4],
      ["Married", 3],
    ],
    lifestyle: [
      ["Health-conscious", 5],
      ["Minimalist", 3],
      ["Career-driven", 2],
    ],
    values: ["work-life balance", "flexibility", "health"],
    interests: ["yoga", "home office", "hiking", "cooking"],
    devices: [
      ["Windows", 4],
      ["Mac", 4],
      ["Android", 2],
    ],
    integrations: ["Slack", "Zoom", "Google Calendar"],
    needs: ["Separate work time from home life", "Take regular breaks"],
    painPoints: ["blurred boundaries", "isolation", "time zone juggling"],
    plan: [
      ["Pro", 5],
      ["Free", 5],
    ],
    seats: [1, 1],
    activeDays: [5, 7],
    features: ["focus_session", "break_reminder", "calendar_sync", "daily_plan"],
  },
  {
    name: "Parent",
    share: 0.12,
    age: [30, 50],
    occupations: ["Teacher", "Nurse", "Office manager", "Stay-at-home parent", "Pharmacist"],
    income: [
      ["25k-50k", 4],
      ["50k-100k", 5],
      ["Over 100k", 1],
    ],
    education: [
      ["Bachelor's", 5],
      ["High school", 3],
      ["Master's", 2],
    ],
    marital: [
      ["Married", 8],
      ["Partnered", 1],
      ["Single", 1],
    ],
    lifestyle: [
      ["Family-first", 8],
      ["Health-conscious", 2],
    ],
    values: ["family", "work-life balance", "stability"],
    interests: ["cooking", "kids activities", "gardening", "reading"],
    devices: [
      ["iPhone", 5],
      ["Android", 5],
    ],
    integrations: ["Google Calendar", "iCloud Calendar"],
    needs: ["Coordinate the family's schedule", "Remember school events"],
    painPoints: ["double bookings", "last-minute changes", "no time for self"],
    plan: [
      ["Free", 6],
      ["Pro", 4],
    ],
    seats: [1, 1],
    activeDays: [3, 7],
    features: ["shared_calendar", "reminder_set", "task_created"],
  },
  {
    name: "Small business owner",
    share: 0.1,
    age: [30, 60],
    occupations: ["Shop owner", "Salon owner", "Restaurant owner", "Agency founder", "Clinic owner"],
    income: [
      ["50k-100k", 5],
      ["Over 100k", 3],
      ["25k-50k", 2],
    ],
    education: [
      ["Bachelor's", 4],
      ["High school", 4],
      ["Master's", 2],
    ],
    marital: [
      ["Married", 6],
      ["Partnered", 2],
      ["Single", 2],
    ],
    lifestyle: [
      ["Career-driven", 5],
      ["Family-first", 3],
      ["Social", 2],
    ],
    values: ["independence", "customer service", "growth"],
    interests: ["local business", "networking", "finance"],
    devices: [
      ["iPhone", 4],
      ["Windows", 4],
      ["Android", 2],
    ],
    integrations: ["Google Calendar", "Stripe", "QuickBooks"],
    needs: ["Schedule staff shifts and appointments", "See the week's bookings at a glance"],
    painPoints: ["no-shows", "staff scheduling", "admin overhead"],
    plan: [
      ["Team", 6],
      ["Pro", 3],
      ["Free", 1],
    ],
    seats: [2, 12],
    activeDays: [5, 7],
    features: ["shift_planned", "booking_created", "reminder_set", "team_view"],
  },
  {
    name: "Team",
    share: 0.08,
    age: [27, 50],
    occupations: ["Engineering manager", "Team lead", "Project manager", "Operations lead"],
    income: [
      ["50k-100k", 5],
      ["Over 100k", 5],
    ],
    education: [
      ["Bachelor's", 5],
      ["Master's", 5],
    ],
    marital: [
      ["Married", 5],
      ["Partnered", 3],
      ["Single", 2],
    ],
    lifestyle: [
      ["Career-driven", 7],
      ["Social", 3],
    ],
    values: ["collaboration", "transparency", "efficiency"],
    interests: ["leadership", "agile", "podcasts"],
    devices: [
      ["Mac", 5],
      ["Windows", 4],
      ["Web", 1],
    ],
    integrations: ["Slack", "Jira", "Google Calendar", "Outlook", "Zoom"],
    needs: ["Coordinate projects across the team", "See who is working on what"],
    painPoints: ["missed handoffs", "status meetings", "unclear priorities"],
    plan: [
      ["Team", 9],
      ["Pro", 1],
    ],
    seats: [5, 60],
    activeDays: [5, 7],
    features: ["project_board", "team_view", "task_assigned", "weekly_review"],
  },
];

export const demoCountries: { country: string; cities: string[]; weight: number }[] = [
  { country: "United States", cities: ["New York", "San Francisco", "Austin", "Chicago", "Seattle"], weight: 30 },
  { country: "United Kingdom", cities: ["London", "Manchester", "Edinburgh", "Bristol"], weight: 14 },
  { country: "Germany", cities: ["Berlin", "Munich", "Hamburg"], weight: 11 },
  { country: "France", cities: ["Paris", "Lyon", "Bordeaux"], weight: 8 },
  { country: "Canada", cities: ["Toronto", "Vancouver", "Montreal"], weight: 9 },
  { country: "India", cities: ["Bengaluru", "Mumbai", "Pune", "Delhi"], weight: 14 },
  { country: "Brazil", cities: ["São Paulo", "Rio de Janeiro", "Curitiba"], weight: 7 },
  { country: "Australia", cities: ["Sydney", "Melbourne", "Brisbane"], weight: 7 },
];

export const firstNames = [
  "Ava",
  "Liam",
  "Mia",
  "Noah",
  "Zoe",
  "Ethan",
  "Priya",
  "Arjun",
  "Sofia",
  "Lucas",
  "Hana",
  "Mateo",
  "Chloe",
  "Omar",
  "Lena",
  "Jonas",
  "Aisha",
  "Diego",
  "Emma",
  "Kai",
  "Nora",
  "Yuki",
  "Sara",
  "Leo",
];
export const lastNames = [
  "Smith",
  "Garcia",
  "Müller",
  "Martin",
  "Patel",
  "Silva",
  "Brown",
  "Nguyen",
  "Kowalski",
  "Dubois",
  "Khan",
  "Rossi",
  "Tanaka",
  "Wilson",
  "Schmidt",
  "Costa",
  "Singh",
  "Lee",
];
