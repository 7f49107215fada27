import type { PersonaWrittenInput, Rule } from "@facet/validators";

/** The demo's segments, one per persona the generator draws from, with the persona card a team would write. */
export const demoCards: { segment: { name: string; description: string; tags: string[]; rules: Rule[] }; written: PersonaWrittenInput }[] =
  [
    {
      segment: {
        name: "Busy professionals",
        description: "Career-driven, on their own seat",
        tags: ["persona", "core"],
        rules: [
          { type: "attribute", attribute: "lifestyle", operator: "in", value: ["Career-driven"] },
          { type: "attribute", attribute: "seats", operator: "lte", value: 1 },
          { type: "attribute", attribute: "age", operator: "gte", value: 26 },
        ],
      },
      written: {
        name: "Busy Brooke",
        summary: "A professional whose calendar runs her day, protecting time for deep work.",
        goals: ["Protect focus time from meetings", "Plan the week in one place"],
        needs: ["Calendar sync that just works", "A weekly review ritual"],
        painPoints: ["Meeting overload", "Context switching", "Email backlog"],
        objections: ["Another tool to keep up to date"],
        channels: ["Email", "LinkedIn", "Podcasts"],
        quote: "If it isn't in my calendar, it doesn't happen.",
        dos: ["Lead with time saved per week", "Show calendar integrations"],
        donts: ["Long onboarding", "Gamification"],
      },
    },
    {
      segment: {
        name: "Students",
        description: "Occupation: student",
        tags: ["persona", "growth"],
        rules: [{ type: "attribute", attribute: "occupation", operator: "eq", value: "Student" }],
      },
      written: {
        name: "Study-hard Sam",
        summary: "A student juggling deadlines, exams and a social life on a free plan.",
        goals: ["Never miss an assignment deadline", "Build a study routine"],
        needs: ["Reminders on the phone", "Pomodoro timer"],
        painPoints: ["Procrastination", "Exam stress", "Missed deadlines"],
        objections: ["Paying while on a student budget"],
        channels: ["Instagram", "TikTok", "Campus ambassadors"],
        quote: "I'll start right after this episode.",
        dos: ["Student discount", "Exam-season campaigns"],
        donts: ["Enterprise language"],
      },
    },
    {
      segment: {
        name: "Freelancers",
        description: "Independent creative and technical work",
        tags: ["persona", "revenue"],
        rules: [
          {
            type: "attribute",
            attribute: "occupation",
            operator: "in",
            value: ["Designer", "Writer", "Developer", "Photographer", "Translator"],
          },
        ],
      },
      written: {
        name: "Freelance Fran",
        summary: "Works for several clients at once and bills by the hour.",
        goals: ["Bill every hour worked", "Keep client deadlines apart"],
        needs: ["Time tracking per client", "Invoice exports"],
        painPoints: ["Unbilled hours", "Irregular schedule", "Scope creep"],
        channels: ["Design communities", "Newsletters"],
        quote: "Every untracked hour is money I gave away.",
        dos: ["Show the invoice export"],
        donts: ["Team features first"],
      },
    },
    {
      segment: {
        name: "Remote workers",
        description: "Work from home, care about balance",
        tags: ["persona", "core"],
        rules: [{ type: "attribute", attribute: "interests", operator: "includes_any", value: ["home office", "yoga"] }],
      },
      written: {
        name: "Remote Riley",
        summary: "Works from home and wants a clear line between work and life.",
        goals: ["Separate work time from home life", "Take regular breaks"],
        painPoints: ["Blurred boundaries", "Isolation", "Time zone juggling"],
        channels: ["Slack communities", "Email"],
        quote: "My commute is ten steps; my workday has no end.",
        dos: ["Break reminders", "End-of-day shutdown routine"],
        donts: ["Hustle culture"],
      },
    },
    {
      segment: {
        name: "Parents",
        description: "Family-first, planning for a household",
        tags: ["persona", "growth"],
        rules: [
          { type: "attribute", attribute: "lifestyle", operator: "in", value: ["Family-first"] },
          { type: "attribute", attribute: "seats", operator: "lte", value: 1 },
        ],
      },
      written: {
        name: "Parent Pat",
        summary: "Balances a job with the family's schedule.",
        goals: ["One calendar for the whole family", "Fewer forgotten appointments"],
        painPoints: ["Last-minute school events", "Mental load"],
        channels: ["Facebook groups", "Email"],
        quote: "I am the family's calendar.",
        dos: ["Shared family lists"],
        donts: ["Productivity jargon"],
      },
    },
    {
      segment: {
        name: "Small business owners",
        description: "Run a shop, salon, restaurant, agency or clinic",
        tags: ["persona", "revenue"],
        rules: [
          {
            type: "attribute",
            attribute: "occupation",
            operator: "in",
            value: ["Shop owner", "Salon owner", "Restaurant owner", "Agency founder", "Clinic owner"],
          },
        ],
      },
      written: {
        name: "Owner Olivia",
        summary: "Plans shifts and bookings for a small team.",
        goals: ["Plan staff shifts in minutes", "Fewer no-shows"],
        painPoints: ["Double bookings", "Staff changes"],
        channels: ["Local business networks", "Google search"],
        quote: "I run the business; the schedule shouldn't run me.",
        dos: ["Booking and shift features"],
        donts: ["Per-seat price surprises"],
      },
    },
    {
      segment: {
        name: "Teams",
        description: "Leads of teams on the Team plan",
        tags: ["persona", "revenue"],
        rules: [
          {
            type: "attribute",
            attribute: "occupation",
            operator: "in",
            value: ["Engineering manager", "Team lead", "Project manager", "Operations lead"],
          },
        ],
      },
      written: {
        name: "Team-lead Theo",
        summary: "Coordinates a team's work and wants everyone on the same plan.",
        goals: ["See the team's week at a glance", "Fewer status meetings"],
        painPoints: ["Scattered tools", "Onboarding new people"],
        channels: ["LinkedIn", "Webinars", "Sales calls"],
        quote: "I need to know who is on what without asking.",
        dos: ["Team view demos", "Admin controls"],
        donts: ["Consumer tone"],
      },
    },
  ];
