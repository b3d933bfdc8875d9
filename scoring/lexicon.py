"""Curated vocabulary: tools, certifications, domain terms, skills and soft skills across fields,
their synonyms and abbreviations, plus the heading and boilerplate patterns of job postings.

Each entry line below reads ``kind | Canonical | synonym, synonym, ...``. Inflections need not be
listed (the matcher folds them); list abbreviations, spelled-out forms and other wordings.
``ASR_SLIPS`` holds mis-hearings of speech recognition that are accepted as a mention but never
shown to the user as a synonym.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = ("tool", "skill", "certification", "domain", "soft_skill")

_ENTRIES = """
# --- software and data tools
tool | Python | python3
tool | Java |
tool | JavaScript | JS, ECMAScript
tool | TypeScript | TS
tool | C++ | cpp, C plus plus
tool | C# | C sharp
tool | Go | Golang
tool | Rust |
tool | Ruby | Ruby on Rails, Rails
tool | PHP |
tool | Scala |
tool | Kotlin |
tool | Swift |
tool | SQL | structured query language, sequel
tool | PostgreSQL | Postgres
tool | MySQL |
tool | MongoDB | Mongo
tool | Redis |
tool | Kafka | Apache Kafka
tool | Spark | Apache Spark, PySpark
tool | Airflow | Apache Airflow
tool | dbt |
tool | Snowflake |
tool | BigQuery |
tool | Redshift |
tool | Databricks |
tool | AWS | Amazon Web Services
tool | Azure | Microsoft Azure
tool | GCP | Google Cloud, Google Cloud Platform
tool | Docker | containers, containerization
tool | Kubernetes | k8s, kube
tool | Terraform | infrastructure as code, IaC
tool | Ansible |
tool | Jenkins |
tool | GitHub Actions |
tool | Git | GitHub, GitLab, version control
tool | Linux | Unix
tool | React | React.js, ReactJS
tool | Angular |
tool | Vue | Vue.js
tool | Node.js | Node, NodeJS
tool | Django |
tool | Flask |
tool | FastAPI |
tool | Spring Boot | Spring
tool | .NET | dotnet, dot net
tool | GraphQL |
tool | REST APIs | REST, RESTful, RESTful APIs, REST API
tool | Jira |
tool | Confluence |
tool | Asana |
tool | Trello |
tool | Figma |
tool | Tableau |
tool | Power BI | PowerBI
tool | Looker |
tool | Excel | Microsoft Excel, MS Excel, spreadsheets, pivot tables, VLOOKUP, XLOOKUP
tool | Google Sheets |
tool | Microsoft Office | MS Office, Office 365, Microsoft 365, M365
tool | PowerPoint | slide decks
tool | SAP |
tool | Oracle |
tool | NetSuite |
tool | QuickBooks |
tool | Workday | Workday HCM
tool | Salesforce | SFDC, Sales Cloud, Service Cloud
tool | HubSpot |
tool | Zendesk |
tool | Intercom |
tool | Gainsight |
tool | Gong |
tool | Outreach |
tool | Salesloft |
tool | LinkedIn Sales Navigator | Sales Navigator
tool | ZoomInfo |
tool | Shopify |
tool | Epic | Epic Systems, EpicCare
tool | Cerner | Oracle Health
tool | Meditech |
tool | Pyxis |
tool | Omnicell |
tool | Kronos | UKG
tool | Canvas | Canvas LMS
tool | Google Classroom |
tool | Moodle |
tool | Blackboard |
tool | Schoology |
tool | PowerSchool |
tool | Seesaw |
tool | Bloomberg Terminal | Bloomberg
tool | Hyperion | Oracle Hyperion
tool | Anaplan |
tool | Adaptive Insights | Workday Adaptive Planning
tool | Alteryx |
tool | VBA | Visual Basic for Applications, macros
tool | SAS |
tool | SPSS |
tool | Stata |
tool | MATLAB |
tool | POS systems | POS, point of sale, point-of-sale, cash register
tool | CRM | CRM software, customer relationship management
tool | ERP | ERP systems, enterprise resource planning
tool | WMS | warehouse management system
tool | LMS | learning management system
tool | Mailchimp |
tool | Klaviyo |
tool | Google Analytics | GA4
tool | Google Ads | AdWords
tool | Meta Ads | Facebook Ads, Facebook Ads Manager, Meta campaigns, Meta campaign, Facebook campaigns, Instagram ads, Meta Ads Manager
tool | Instagram |
tool | TikTok |
tool | LinkedIn |
tool | Canva |
tool | Adobe Photoshop | Photoshop
tool | Adobe Illustrator | Illustrator
tool | Adobe InDesign | InDesign
tool | Adobe Creative Cloud | Adobe Creative Suite, Creative Cloud
tool | WordPress |
tool | Hootsuite |
tool | Marketo |
tool | Greenhouse |
tool | Lever |
tool | ADP |
tool | Freshdesk |
tool | ServiceNow |
tool | Notion |
tool | Miro |
tool | Slack |
tool | Microsoft Teams |
tool | pandas |
tool | NumPy |
tool | Jupyter | Jupyter notebooks
tool | scikit-learn | sklearn
tool | TensorFlow |
tool | PyTorch |
tool | Optimizely |
tool | RF scanners | RF scanner, RF gun, handheld scanner, barcode scanner
tool | Pallet jacks | pallet jack, electric pallet jack
tool | EHR | electronic health records, electronic health record, electronic medical records, EMR
# --- tools of other fields (security, construction, hospitality, marketing, legal, pharmacy)
tool | Splunk | Splunk Enterprise Security
tool | SIEM | security information and event management, SIEM platform
tool | EDR | endpoint detection and response, endpoint detection
tool | CrowdStrike | CrowdStrike Falcon
tool | Tenable | Nessus, Tenable.io
tool | Wireshark |
tool | PowerShell |
tool | Bash | shell scripting
tool | Microsoft Project | MS Project
tool | Primavera P6 | P6, Primavera
tool | AutoCAD | AutoCAD Civil 3D, Civil 3D
tool | Revit |
tool | Procore |
tool | Bluebeam | Bluebeam Revu
tool | Opera PMS | Opera, Oracle Opera, Opera Cloud, Oracle Hospitality
tool | PMS | property management system
tool | HRIS | human resources information system
tool | BambooHR |
tool | Westlaw |
tool | LexisNexis | Lexis
tool | Relativity |
tool | Clio |
tool | Semrush |
tool | Google Tag Manager | GTM
tool | Mixpanel |
tool | Amplitude |
tool | Power Query |
tool | Kronos Workforce |
# --- certifications and licences
certification | PMP | Project Management Professional
certification | Certified ScrumMaster | CSM, Scrum Master certification, certified scrum master
certification | AWS Certification | AWS Certified, AWS Solutions Architect
certification | CPA | Certified Public Accountant
certification | CFA | Chartered Financial Analyst
certification | CMA | Certified Management Accountant
certification | ACCA |
certification | FRM |
certification | Series 7 |
certification | Series 63 |
certification | Series 65 |
certification | RN license | Registered Nurse, RN, RN licensure, nursing license
certification | BSN | Bachelor of Science in Nursing
certification | BLS | Basic Life Support
certification | ACLS | Advanced Cardiac Life Support
certification | PALS | Pediatric Advanced Life Support
certification | CCRN |
certification | CNA | Certified Nursing Assistant
certification | LPN | Licensed Practical Nurse
certification | NCLEX |
certification | CPR | CPR certification
certification | First Aid |
certification | Teaching license | teaching certificate, teaching credential, teacher certification, state teaching certification, teaching licence
certification | TESOL | TEFL, CELTA
certification | Six Sigma | Lean Six Sigma, Six Sigma Green Belt, Six Sigma Black Belt
certification | ServSafe | food handler certification, food handler's card
certification | CISSP |
certification | Security+ | CompTIA Security+, Security plus
certification | CompTIA A+ | A+ certification, CompTIA A plus
certification | CCNA |
certification | ITIL |
certification | SHRM-CP | SHRM-SCP, SHRM certification
certification | PHR |
certification | Forklift certification | forklift certified, forklift license
certification | GCIH | GIAC Certified Incident Handler
certification | CySA+ | CompTIA CySA+, CySA
certification | CEH | Certified Ethical Hacker
certification | CISM |
certification | OSCP |
certification | PE license | Professional Engineer, PE licence, PE licensure, licensed PE
certification | EIT | Engineer in Training, FE exam, EIT certification
certification | OSHA 30 | OSHA 30-hour, OSHA 10, OSHA 10-hour
certification | CPhT | certified pharmacy technician, PTCB, pharmacy technician certification, ExCPT
certification | QTS | Qualified Teacher Status
certification | PGCE |
certification | CIPD | CIPD Level 5, CIPD Level 7
certification | Journeyman license | journeyman electrician license, journeyman licence
certification | Paralegal certificate | paralegal certification, certified paralegal
# --- domain knowledge
domain | HIPAA |
domain | Patient care | patient-centered care, bedside care
domain | Medication administration | administering medications, administer medications, med pass
domain | Triage |
domain | Infection control | infection prevention
domain | Care plans | care planning, plan of care
domain | Telemetry |
domain | Critical care | ICU, intensive care
domain | Med-surg | medical-surgical
domain | Patient education | educating patients
domain | Charting | clinical documentation, nursing documentation
domain | Medical terminology |
domain | GAAP | generally accepted accounting principles, US GAAP
domain | IFRS |
domain | FP&A | financial planning and analysis
domain | P&L | profit and loss, P and L, P&L management
domain | Variance analysis | budget vs actual, budget versus actual
domain | Month-end close | month end close, monthly close, close process, financial close
domain | Account reconciliation | reconciliations, reconcile accounts, reconciling accounts, bank reconciliations
domain | Accounts payable | AP
domain | Accounts receivable | AR
domain | General ledger | GL
domain | SOX | Sarbanes-Oxley, SOX compliance
domain | Audit | audits, auditing, internal audit
domain | DCF | discounted cash flow
domain | Valuation | valuations
domain | KYC | know your customer
domain | AML | anti-money laundering
domain | SaaS | software as a service
domain | B2B | business to business
domain | Quota attainment | quota, quotas, exceeding quota, hitting quota
domain | Pipeline management | pipeline, sales pipeline, manage pipeline
domain | Churn | customer churn, churn reduction, retention, customer retention
domain | Renewals | renewal, contract renewals
domain | Upselling | upsell, cross-sell, cross-selling, expansion revenue
domain | Customer onboarding | onboarding, onboard customers, implementation
domain | QBR | quarterly business review, quarterly business reviews, QBRs, business reviews
domain | NPS | net promoter score
domain | Customer success | client success
domain | Account management | account manager, managing accounts, key accounts
domain | Lead generation | lead gen, generating leads, generate leads
domain | Prospecting | prospect, outbound prospecting
domain | Cold calling | cold calls, cold outreach
domain | Inventory management | inventory, stock control, inventory control
domain | Loss prevention | shrink, shrinkage, theft prevention
domain | Visual merchandising | merchandising, merchandise displays
domain | Planograms | planogram
domain | Store operations | retail operations, store management
domain | Supply chain | logistics
domain | Cash handling | handling cash, cash management, cash drawer
domain | OSHA | safety compliance, workplace safety
domain | KPIs | KPI, key performance indicators, key performance indicator, metrics
domain | Curriculum development | curriculum design, curriculum planning, curriculum
domain | Lesson planning | lesson plans, lesson plan, plan lessons
domain | Differentiated instruction | differentiation, differentiate instruction, differentiating instruction
domain | Classroom management | behavior management, behaviour management
domain | IEP | individualized education program, individualized education plan, IEPs
domain | Formative assessment | formative assessments, assessment for learning
domain | Student assessment | assessments, assessing students, grading
domain | Common Core | state standards, Common Core standards
domain | Special education | SPED
domain | English language learners | ELL, ELLs, ESL, English learners
domain | Student engagement | engage students, engaging students
domain | Parent communication | family communication, parent-teacher conferences, communicate with parents, parent engagement
domain | Social-emotional learning | SEL, social emotional learning
domain | STEM |
domain | CI/CD | continuous integration, continuous delivery, continuous deployment, CI CD, deployment pipelines
domain | A/B testing | split test, split testing, A/B test, A B test, AB testing, experimentation
domain | Unit testing | unit tests, automated testing, test automation, automated tests
domain | TDD | test-driven development
domain | Code review | code reviews, reviewing code, pull request reviews
domain | Distributed systems |
domain | System design | systems design, software architecture
domain | Agile | Scrum, Kanban, sprints, agile methodologies
domain | Machine learning | ML
domain | Data pipelines | data pipeline, ETL, ELT
domain | Microservices | microservice architecture, service-oriented architecture
domain | Cloud infrastructure | cloud computing, cloud platforms
domain | Observability | monitoring, logging, alerting
domain | On-call | on call rotation, on-call rotation, pager duty, PagerDuty
domain | Object-oriented programming | OOP, object oriented programming, object-oriented design
domain | Data structures and algorithms | data structures, algorithms
domain | SLAs | SLA, service level agreements, service level agreement
domain | Compliance | regulatory compliance
domain | Lean | 5S, lean manufacturing, kaizen
domain | Email marketing | email campaigns, email campaign, newsletters
domain | Social media | social media marketing, social content, content calendar
domain | SEO | search engine optimization
domain | SEM | search engine marketing, paid search, PPC, pay-per-click
domain | Content marketing | content strategy, content creation
domain | Copywriting | write copy, writing copy, copy writing
domain | Brand management | branding, brand strategy
domain | Market research | customer research, competitive analysis
domain | E-commerce | ecommerce, online store, DTC, direct to consumer
domain | Order fulfillment | pick, pack and ship, picking and packing, pick and pack, fulfillment, order picking
domain | Forklift operation | forklifts, operate forklifts, operating a forklift, forklift driving
domain | Employee relations | HR policies
domain | Recruiting | talent acquisition, sourcing candidates, full-cycle recruiting
domain | Payroll | payroll processing
domain | Help desk | IT support, technical support, tier 1 support, service desk
domain | Ticketing | support tickets, ticket queue, tickets
# domain knowledge of other fields
domain | Incident response | incident handling, incident management, responding to incidents, IR
domain | Threat hunting | threat hunt, threat hunts, hunting for threats
domain | Vulnerability management | vulnerability scanning, vulnerability scans, vulnerability assessments, patch management
domain | Security operations | SOC, security operations center, security operations centre
domain | MITRE ATT&CK | MITRE, ATT&CK, MITRE ATTACK
domain | Phishing | phishing emails, phishing campaigns
domain | Network security | firewalls, firewall, TCP/IP, network protocols
domain | Detection engineering | detection rules, tune detections, tuning detections, detection tuning
domain | Cloud security |
domain | PCI DSS | PCI, PCI-DSS, PCI compliance
domain | Change orders | change order, variation orders
domain | RFIs | RFI, request for information, requests for information
domain | Submittals | submittal, shop drawings
domain | Quantity takeoffs | takeoffs, quantity take-offs, take-offs, quantity surveying
domain | Cost control | cost tracking, cost reports, cost reporting, job costing
domain | Construction contracts | contract administration, construction contract
domain | Quality control | QA/QC, QC, quality assurance, inspections
domain | Site safety | jobsite safety, construction safety, toolbox talks
domain | Subcontractor coordination | subcontractors, subcontractor management, coordinate subcontractors, coordinated subcontractors
domain | Performance management | performance reviews, performance review, appraisals, performance improvement plans, PIPs
domain | Workforce planning | headcount planning, manpower planning, labour planning
domain | Talent management | talent development, succession planning, people development, developing talent
domain | Organizational design | organisational design, org design, organization design
domain | Change management | managing change, change programs, change programmes
domain | Employment law | labor law, labour law, employment legislation
domain | Investigations | workplace investigations, conducting investigations, investigate complaints
domain | Compensation | compensation review, compensation cycle, pay review
domain | Labor relations | labour relations, union relations, collective bargaining, industrial relations
domain | Employee engagement | engagement survey, engagement surveys, staff engagement
domain | Revenue management | yield management, revenue manager, RevPAR, ADR, rate strategy
domain | Front office operations | front office, front desk, reception desk
domain | Night audit | night auditor
domain | Guest relations | guest satisfaction, guest complaints, guest feedback, guest reviews
domain | Service recovery |
domain | Reservations | reservation, reservation system, booking system
domain | Housekeeping |
domain | Food and beverage | F&B, food & beverage
domain | Performance marketing | paid acquisition, paid media, paid social, paid campaigns, user acquisition
domain | Growth marketing | growth marketer
domain | Lifecycle marketing | lifecycle email, retention marketing, CRM marketing, win-back, drip campaigns
domain | Marketing automation | automated flows, email automation, nurture flows
domain | CAC | customer acquisition cost, cost per acquisition, CPA target
domain | LTV | lifetime value, customer lifetime value, CLV, CLTV
domain | ROAS | return on ad spend
domain | Conversion rate optimization | CRO, conversion rate, conversion optimization, landing page optimization
domain | Go-to-market | GTM strategy, go to market, product launches, product launch
domain | Storytelling | tell stories, story telling
domain | Cycle counting | cycle counts, cycle count, stock counts, stock takes, stocktake
domain | Inventory reconciliation | inventory reconciliations, stock reconciliation, inventory variances
domain | Shipping and receiving | receiving dock, putaway, put-away, inbound and outbound
domain | Warehouse operations | warehouse, warehousing, distribution center, distribution centre, fulfillment center
domain | Labor management | labour management, labor planning, labor costs, labour costs
domain | Transportation management | TMS, route planning, freight, carrier management, 3PL
domain | Vendor management | supplier management, managing vendors, vendor relationships, managing suppliers
domain | Risk management | risk assessment, risk assessments, managing risk
domain | Business development | biz dev, new business
domain | Strategic planning | strategy development, business planning
domain | Operations management | operational management, running operations
domain | Contract negotiation | negotiating contracts, contract negotiations
domain | Dispensing | dispense, dispensed, filling prescriptions, fill prescriptions, prescription processing
domain | Medication reconciliation | med rec, med reconciliation
domain | Compounding | sterile compounding, non-sterile compounding
domain | Controlled substances | controlled drugs, CDs, narcotics counts, DEA regulations
domain | Insurance billing | third-party billing, insurance claims, prior authorizations, prior authorisations
domain | Safeguarding | child protection, safeguarding children, keeping children safe
domain | National Curriculum | EYFS, Key Stage 1, Key Stage 2, KS1, KS2
domain | Phonics | systematic synthetic phonics, early reading
domain | SEND | special educational needs, SEN, SENCo, special educational needs and disabilities
domain | Legal research | case law research, researching case law
domain | Document review | reviewing documents, doc review
domain | E-discovery | eDiscovery, electronic discovery
domain | Litigation support | litigation, trial preparation, trial prep
domain | Legal drafting | drafting pleadings, draft pleadings, drafting correspondence, pleadings, legal documents
domain | Case management | case files, managing case files, docketing, calendaring
domain | Electrical code | NEC, National Electrical Code, BS 7671, wiring regulations
domain | Blueprint reading | reading blueprints, read blueprints, electrical drawings, schematics
domain | Product roadmap | roadmap, product roadmaps, roadmap planning
domain | User research | customer interviews, user interviews, usability testing
domain | Product discovery |
domain | PRDs | PRD, product requirements documents, product requirements, product specs
domain | OKRs | OKR, objectives and key results
domain | Regulatory reporting | regulatory returns, regulatory reports
domain | Credit risk | credit risk modelling, credit risk modeling, credit scoring
domain | Data modeling | data modelling, data models, dimensional modeling
domain | Data quality | data validation, data cleansing, data cleaning
domain | Data governance |
domain | Statistics | statistical analysis, statistical methods
# --- skills
skill | Project management | managing projects, manage projects, project planning
skill | Stakeholder management | managing stakeholders, manage stakeholders, stakeholder engagement
skill | Data analysis | analyzing data, analyze data, data analytics, analytics, analysing data, people analytics, HR analytics, workforce analytics
skill | Data visualization | dashboards, dashboard, data visualisation
skill | Reporting | reports
skill | Budgeting | budget, budgets, budget management, manage budgets
skill | Forecasting | forecast, forecasts, sales forecasting
skill | Financial modeling | financial modelling, financial models, financial model
skill | Financial analysis | financial statements, financial reporting
skill | Negotiation | negotiate, negotiating, negotiations, negotiator
skill | Scheduling | staff scheduling, schedules, rostering
skill | Hiring and training | hiring, training staff, train staff, onboarding new hires, train new employees
skill | Coaching | coach, coached, mentoring, mentor, mentored, developing people
skill | Customer service | customer support, client service, customer experience, guest experience
skill | Troubleshooting | debugging, debug, troubleshoot, root cause analysis
skill | Process improvement | continuous improvement, streamline processes, improving processes, process optimization
skill | Relationship building | build relationships, building relationships, rapport, relationship management, trusted advisor
skill | Presentation skills | presentations, presenting, public speaking, present to executives
skill | Writing | written reports, documentation, technical writing
skill | Sales | selling, closing deals, close deals, closing
skill | Discovery calls | discovery, needs analysis, qualifying leads, qualification
skill | Research | researching
# --- soft skills
soft_skill | Communication | communication skills, communicate, communicator, verbal communication, written communication
soft_skill | Collaboration | teamwork, team player, collaborate, collaborative, cross-functional, work with others
soft_skill | Leadership | team leadership, led a team, led the team, lead a team, leading a team, lead teams, team lead, people management, managing a team, manage a team
soft_skill | Problem solving | problem-solving, solve problems, solving problems, solved problems, problem solver
soft_skill | Attention to detail | detail-oriented, detail oriented, attention to details, meticulous, accuracy, accurate
soft_skill | Time management | prioritization, prioritize, prioritise, multitasking, multi-task, juggle, manage multiple priorities, competing priorities, deadlines
soft_skill | Adaptability | adaptable, adapt, flexibility, flexible, adjust
soft_skill | Empathy | empathetic, empathize, compassion, compassionate, patient-centered
soft_skill | Critical thinking | analytical thinking, analytical skills, analytical
soft_skill | Customer focus | customer-focused, customer-centric, customer obsession, customer first, client-focused
soft_skill | Ownership | accountability, accountable, take ownership, took ownership, owned
soft_skill | Initiative | self-starter, proactive, self-motivated, self-directed
soft_skill | Organization | organizational skills, organized, organised, organisational skills
soft_skill | Interpersonal skills | interpersonal, people skills
soft_skill | Conflict resolution | de-escalation, de-escalate, resolve conflicts, resolving conflict, difficult conversations, conflict management
soft_skill | Resilience | resilient, composure, stay calm, under pressure, high-pressure
soft_skill | Creativity | creative, innovative, innovation
soft_skill | Decision making | decision-making, judgment, judgement, sound decisions
soft_skill | Emotional intelligence | EQ, self-awareness
soft_skill | Patience | patient and calm
soft_skill | Curiosity | curious, eager to learn, growth mindset, willingness to learn
soft_skill | Integrity | honesty, ethical, trustworthy, discretion, confidentiality
"""


@dataclass(frozen=True)
class LexiconEntry:
    canonical: str
    kind: str
    synonyms: tuple[str, ...]

    @property
    def variants(self) -> tuple[str, ...]:
        return (self.canonical, *self.synonyms)


def _parse(block: str) -> tuple[LexiconEntry, ...]:
    entries = []
    for line in block.strip().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        kind, canonical, synonyms = (part.strip() for part in line.split("|"))
        assert kind in KINDS, line
        syns = tuple(s.strip() for s in synonyms.split(",") if s.strip())
        entries.append(LexiconEntry(canonical, kind, syns))
    return tuple(entries)


LEXICON: tuple[LexiconEntry, ...] = _parse(_ENTRIES)
LEXICON_BY_KEY: dict[str, LexiconEntry] = {e.canonical.lower(): e for e in LEXICON}

# Words that are also everyday English: only a capitalised spelling counts as the product
# ("we charted in Epic" yes, "an epic week" no).
CASE_SENSITIVE = frozenset(
    {"Epic", "Go", "Spring", "Outreach", "Gong", "Canvas", "Rust", "Swift", "Oracle", "Looker",
     "Node", "Rails", "Spark", "Flask", "Seesaw", "Scala", "Intercom", "Bloomberg", "React",
     "Angular", "Snowflake", "Confluence", "Redshift", "Kronos", "Mongo", "SAS",
     "AP", "AR", "GL", "ML", "JS", "TS", "EQ", "IaC", "STEM", "AWS", "SAP", "RN", "SEL", "ELL", "ELLs", "ESL", "TEFL", "SOX", "LMS",
     "POS", "EMR", "SLA", "SLAs", "CSM", "PHR", "CMA", "KYC", "AML", "DCF", "OOP",
     "SEND", "SEN", "CDs", "IR", "PE", "ADR", "PIPs", "Amplitude", "Relativity", "Clio", "Bash"}
)

# Case-sensitive words that start sentences in ordinary English ("Go ahead", "Spring came"):
# at the start of a sentence or bullet they do not count.
SENTENCE_START_AMBIGUOUS = frozenset(
    {"Go", "Spring", "Swift", "Rust", "Outreach", "Gong", "Seesaw", "Looker", "Intercom", "Canvas",
     "Spark", "Flask", "React", "Angular", "Snowflake", "Confluence", "Node", "Rails", "Oracle",
     "Bash", "Amplitude", "Relativity", "Clio"}
)

# Synonyms too ambiguous to search for in a *posting* (they are fine as evidence in an answer
# once the posting has made the item relevant): "metrics" is not proof of a KPI requirement.
POSTING_IGNORED_SYNONYMS = frozenset(
    s.lower() for s in (
        "accuracy", "accurate", "adjust", "adapt", "flexible", "owned", "closing", "discovery",
        "qualification", "prospect", "pipeline", "quota", "quotas", "inventory", "metrics",
        "budget", "budgets", "forecast", "forecasts", "reports", "coach", "coached", "mentor",
        "mentored", "curriculum", "logistics", "retention", "implementation", "onboarding",
        "grading", "assessments", "presenting", "rapport", "juggle", "deadlines", "creative",
        "judgment", "judgement", "interpersonal", "analytical", "monitoring", "logging",
        "alerting", "algorithms", "data structures", "containers", "discretion", "documentation",
        "debug", "hiring", "recruiting", "selling", "dashboard", "dashboards", "research",
        "researching", "communicate", "collaborate", "collaborative", "organized", "organised",
        "patient-centered", "cross-functional", "under pressure", "high-pressure", "curious",
        "ethical", "honesty", "innovative", "innovation", "compliance", "audits", "audit",
        "accountable", "accountability", "reporting", "writing", "sales", "research",
        "experimentation", "bloomberg", "spring", "node", "rails", "kube", "unix", "version control",
        "macros", "slide decks", "spreadsheets", "cash register", "shrink", "key accounts",
        "account manager", "business reviews", "ap", "ar", "gl", "renewal", "upsell",
        "proactive", "eq", "accuracy", "roadmap", "roadmaps", "reservation", "investigate",
        "receiving", "subcontractors", "inspections", "litigation", "pleadings", "dispense", "dispensed",
        "firewall", "firewalls", "warehouse", "warehousing", "reward",
    )
)

# Speech-recognition mis-hearings accepted as evidence in an answer (keyed by canonical, lower).
ASR_SLIPS: dict[str, tuple[str, ...]] = {
    "tableau": ("tablo", "tableaux", "table oh"),
    "postgresql": ("post gress", "post grass", "postgress", "post gres"),
    "salesforce": ("sales force", "sails force"),
    "sql": ("sequel", "s q l"),
    "mysql": ("my sequel",),
    "jira": ("gira", "jeera"),
    "kubernetes": ("kubernetties", "cube ernetes"),
    "hubspot": ("hub spot",),
    "zendesk": ("zen desk",),
    "github actions": ("git hub actions",),
    "netsuite": ("net suite",),
    "quickbooks": ("quick books",),
    "power bi": ("power bee eye", "power b i"),
    "excel": ("exel",),
    "asana": ("a sauna",),
    "qbr": ("q b r", "cue br"),
    "ehr": ("e h r",),
    "p&l": ("p and l", "pnl", "p n l"),
    "gainsight": ("gain sight", "gain site", "gain sites"),
    "pyxis": ("pixis",),
    "cerner": ("sernor", "cerna"),
    "kpis": ("k p i", "k p is"),
    "nps": ("n p s",),
    "iep": ("i e p",),
    "hipaa": ("hippa", "hipa", "hippo"),
    "ci/cd": ("c i c d", "ci cd"),
    "microsoft office": ("microsoft three sixty five", "office three sixty five"),
}

# --- posting structure ---------------------------------------------------------------------------

# Section kinds: "must" (requirements), "nice" (preferred), "resp" (responsibilities / the role),
# "skip" (benefits, EEO, about the company, how to apply, salary, location).
_HEADINGS: dict[str, tuple[str, ...]] = {
    "must": (
        r"(?:basic |minimum |required |key |essential |core |job )?requirements?",
        r"(?:basic |minimum |required |key |essential |core |job |your )?qualifications?",
        r"requirements? (?:and|&) qualifications?", r"qualifications? (?:and|&) (?:requirements?|experience|skills)",
        r"must[- ]haves?", r"must have(?: skills)?", r"what you(?:'ll| will)? need(?: to succeed)?",
        r"what you(?:'ll)? bring(?: to the (?:table|team|role))?", r"what we(?:'re| are) looking for",
        r"you(?:'ll| will) bring", r"required", r"minimum qualifications", r"you have",
        r"who you are", r"about you", r"you have", r"you(?:'ll| will) have", r"you are",
        r"(?:required |key |essential |core |technical )?skills(?: (?:and|&) (?:experience|abilities|competencies|qualifications))?",
        r"(?:required |relevant )?experience(?: (?:and|&) (?:skills|qualifications|education))?",
        r"essential (?:criteria|skills|experience)", r"(?:your|candidate) profile", r"the ideal candidate(?: will have)?",
        r"ideal candidate", r"education(?: (?:and|&) (?:experience|training|certifications?|licensure))?",
        r"knowledge,? skills,? (?:and|&) abilities", r"ksas?", r"competencies", r"licensure(?: (?:and|&) certifications?)?",
        r"certifications?(?: (?:and|&) licen[cs](?:es|ure))?", r"licen[cs]es?(?: (?:and|&) certifications?)?",
        r"to succeed in this role(?:,? you(?:'ll| will) (?:need|have))?", r"requirements for success",
        r"you (?:might|may|could) be a (?:great |good )?fit if(?: you)?(?: have)?", r"is this you\??",
        r"you should have", r"we(?:'re| are|'d| would) (?:love to hear from you|excited about you|be excited) if(?: you)?(?: have)?",
        r"what makes you a (?:great |good )?fit", r"you(?:'re| are) a (?:great |good )?fit if(?: you)?(?: have)?",
        r"what we(?:'re| are) looking for in you", r"your (?:skills|experience|background)",
        r"success profile", r"minimum requirements", r"selection criteria",
    ),
    "nice": (
        r"nice[- ]to[- ]haves?", r"nice to have(?: skills)?", r"preferred(?: qualifications| skills| experience| requirements)?",
        r"(?:additional |desired |desirable )(?:qualifications|skills|experience)", r"desirable", r"desired",
        r"bonus(?: points)?(?: if you (?:have|bring))?", r"pluses", r"plus(?:es)? if you have", r"extra credit",
        r"(?:it'?s? )?(?:would be )?(?:great|even better) if(?: you(?: also)? have)?", r"good to have",
        r"would be a plus", r"a plus", r"not required,? but (?:nice|helpful)", r"optional",
    ),
    "resp": (
        r"(?:key |main |primary |core |essential )?(?:responsibilities|duties)(?: (?:and|&) (?:responsibilities|duties))?",
        r"job (?:duties|responsibilities|description)", r"essential (?:functions|duties)",
        r"what you(?:'ll| will)? (?:be )?do(?:ing)?", r"what you(?:'ll| will) work on", r"the role", r"about the role",
        r"role (?:overview|description|summary)", r"position (?:summary|overview|description)", r"your impact",
        r"day[- ]to[- ]day", r"a day in the life", r"in this role,? you(?:'ll| will)", r"your (?:role|mission)",
        r"accountabilities", r"the opportunity", r"job summary", r"summary", r"overview", r"what the job involves",
        r"the job", r"the position", r"the work", r"examples of (?:essential )?duties", r"essential functions",
        r"definition",
        r"how you(?:'ll| will) (?:contribute|make an impact)", r"impact you(?:'ll| will) (?:have|make)",
    ),
    "skip": (
        r"benefits?(?: (?:and|&) perks)?", r"perks(?: (?:and|&) benefits)?", r"what we offer", r"we offer",
        r"what(?:'s| is) in it for you", r"why (?:join|work (?:for|with|at)) us", r"why [A-Z][\w&'-]+",
        r"supplemental information", r"our company", r"who we are", r"why you(?:'ll| will) love (?:it|working) here",
        r"compensation(?: (?:and|&) benefits)?", r"salary(?: range)?", r"pay(?: range| rate)?", r"total rewards",
        r"equal (?:employment )?opportunity(?: employer| statement)?", r"eeo(?: statement)?", r"eoe",
        r"diversity(?:,? equity,? (?:and|&) inclusion)?(?: statement)?", r"dei", r"accommodations?",
        r"reasonable accommodations?", r"how to apply", r"to apply", r"application process", r"next steps",
        r"about us", r"about the (?:company|team|organi[sz]ation|employer|hospital|school|district)",
        r"about [A-Z][\w&.' -]{1,40}", r"who we are", r"our (?:company|story|mission|values|culture|team|commitment)",
        r"company (?:overview|description)", r"location", r"work (?:location|environment|schedule|setting)",
        r"schedule", r"shift", r"hours", r"travel", r"physical (?:requirements|demands)", r"working conditions",
        r"legal", r"disclaimer", r"privacy(?: notice)?", r"additional information", r"other information",
        r"job type", r"employment type", r"reports? to", r"department", r"posted", r"apply",
    ),
}


def _compile_headings() -> list[tuple[str, re.Pattern[str]]]:
    compiled = []
    for section, patterns in _HEADINGS.items():
        body = "|".join(f"(?:{p})" for p in patterns)
        compiled.append((section, re.compile(rf"^(?:{body})[\s:.!-]*$", re.IGNORECASE)))
    return compiled


HEADING_PATTERNS = _compile_headings()

# The same headings used inline in one-paragraph postings: "... Requirements: 5+ years ..."
INLINE_HEADING_RE = re.compile(
    r"(?<![\w'])("
    + "|".join(
        f"(?:{p})"
        for section in ("must", "nice", "resp", "skip")
        for p in _HEADINGS[section]
        if not p.startswith("about [A-Z]")
    )
    + r")(?:\s*:|(?=\s+[A-Z•·▪➢✓\-\*]))",
    re.IGNORECASE,
)

# Lines that are boilerplate wherever they appear (benefits, pay, EEO, legal, how to apply).
BOILERPLATE_RE = re.compile(
    r"\b(?:dental|vision (?:insurance|coverage|plan)|401\s*\(?k\)?|health (?:insurance|benefits|plan)|"
    r"medical (?:insurance|benefits|coverage)|life insurance|disability insurance|paid time off|pto\b|"
    r"vacation|paid (?:holidays|leave|sick)|parental leave|maternity|paternity|pension|"
    r"stock options|equity (?:grant|package|compensation)|rsus?\b|employee discount|wellness (?:program|stipend)|"
    r"gym|commuter|tuition (?:reimbursement|assistance)|retirement (?:plan|savings)|"
    r"equal (?:employment )?opportunity|eeo\b|eoe\b|affirmative action|without regard to|"
    r"race|religion|national origin|sexual orientation|gender identity|veteran status|protected (?:veteran|status|characteristic)|"
    r"genetic information|reasonable accommodations?|request an accommodation|"
    r"accommodations? (?:during|for|in) (?:the )?(?:application|interview|hiring)|"
    r"disability (?:status|insurance)|(?:individuals|applicants|people) with disabilities|"
    r"e-verify|background check|(?:enhanced )?dbs (?:check|clearance|disclosure)|drug (?:screen|test)|visa sponsorship|sponsorship|"
    r"salary|compensation(?! (?:review|cycle|planning|analysis|benchmarking|structures?))|pay range|per hour|hourly rate|base pay|\$\s?\d|£\s?\d|€\s?\d|"
    r"click apply|apply now|to apply|submit your (?:resume|application|cv)|cover letter|"
    r"we are an? .{0,40}employer|is an equal|privacy (?:policy|notice)|recruitment agenc|"
    r"(?:committed to|values?|celebrates?|embraces?) (?:a )?(?:diversity|diverse|inclusion|inclusive)|"
    r"perks|free (?:lunch|snacks|meals)|happy hours?|ping pong|catered|we offer|"
    r"(?:sign-on|signing|annual|generous|performance|referral) bonus|"
    r"(?:full|great|generous|competitive|comprehensive|excellent|flight) benefits)\b",
    re.IGNORECASE,
)

# Line-level cues that override the section a requirement sits in.
NICE_CUE_RE = re.compile(
    r"\b(?:nice to have|nice-to-have|preferred|is a plus|a plus|a bonus|bonus points?|bonus if|"
    r"desirable|desired|ideally|would be (?:great|nice|helpful|a plus)|not required|helpful but|"
    r"an advantage|advantageous|good to have|even better)\b",
    re.IGNORECASE,
)
MUST_CUE_RE = re.compile(
    r"\b(?:must|required|requires?|requirement|mandatory|essential|minimum (?:of )?|at least|"
    r"\d+\s*\+?\s*(?:-|to)?\s*\d*\s*\+?\s*years?|need to have|you have|you bring|proven|demonstrated)\b",
    re.IGNORECASE,
)

# Leading words of an extracted phrase that say nothing about the skill itself.
PHRASE_LEAD_STOP = frozenset(
    """a an the strong excellent exceptional solid proven demonstrated good great deep broad
    working hands-on hands on practical advanced basic thorough sound extensive substantial
    relevant related previous prior professional some any familiarity knowledge understanding
    experience expertise proficiency proficient skilled skill skills ability abilities high
    outstanding superb effective superior keen demonstrable robust comprehensive fluency fluent
    in with of using and or their your our all other modern various multiple similar current
    appropriate applicable general overall significant considerable direct first-hand firsthand
    total hands excellent, plus must required preferred ideally also including especially
    min minimum least years year progressive increasing increasingly assistant senior junior deputy""".split()
)

# Trailing generic words trimmed from a phrase ("CRM tools" -> "CRM").
PHRASE_TAIL_STOP = frozenset(
    """tools tool systems system software platforms platform technologies technology
    environment environments skills skill experience knowledge principles concepts practices
    techniques methodologies methods applications application products suite stack
    pipelines pipeline standards programs program processes process tasks projects
    frameworks framework languages language fundamentals background etc preferred required
    is are a plus strongly highly role roles position positions setting settings function functions
    capacity""".split()
)

# Phrases (after trimming) that are never rubric items.
STOP_PHRASES = frozenset(
    """ability abilities work working people others team teams job role position company
    candidate candidates environment fast-paced fast paced environment fast-paced environment
    years year experience industry field area areas variety range degree bachelor bachelor's
    bachelors master master's masters high school diploma equivalent ged related field
    similar role similar roles minimum things ways detail details travel english lifting
    weekends evenings holidays nights shifts computer computers phone email internet new
    stuff customers clients students patients colleagues you us them it this that which
    day days week weeks month months hours time office tasks duties responsibilities
    attitude passion desire interest mindset willingness eagerness opportunity opportunities
    success results impact growth our company client customer student patient staff member
    members sense ownership culture values mission vision targets target goals goal objectives
    paced fast-paced deadlines setting settings organization organizations business businesses
    companies level levels role-related plenty lot lots kind kinds type types basis
    manager managers supervisor supervisors director directors specialist coordinator officer
    assistant associate associates executive representative head""".split("\n")
)
STOP_PHRASES = frozenset(w.strip() for line in STOP_PHRASES for w in line.split() if w.strip())

# Words that make a phrase a certification / a skill when the lexicon does not know it.
CERT_WORDS_RE = re.compile(r"\b(?:certifi\w*|licen[cs]\w*|credential\w*|accredit\w*)\b", re.IGNORECASE)
SKILL_HEADS = frozenset(
    """management analysis planning writing forecasting modeling modelling testing design
    development negotiation reporting budgeting scheduling training coaching mentoring
    administration operations optimization optimisation engineering marketing sales support
    auditing accounting programming scripting research recruiting hiring presenting
    documentation troubleshooting maintenance implementation strategy""".split()
)

# Head nouns that say nothing alone: "performance" (of what?), "operations", "controls". They
# are items only with the word that says what kind ("performance marketing", "SOX controls").
GENERIC_NOUNS = frozenset(
    """performance quality operations operation management support service services delivery
    strategy strategies development planning administration analysis control controls execution
    coordination security excellence improvement improvements solutions initiatives engineering
    standards requirements documentation production output results operations""".split()
)

# Acronyms that are not rubric items.
ACRONYM_STOP = frozenset(
    """US USA UK EU NYC LA SF EEO EOE AND OR THE OUR WE YOU PTO HR CEO CTO CFO COO VP SVP EVP
    ID OK FAQ ASAP TBD AM PM ET PT EST PST CST MST GMT UTC LLC INC LTD CO BA BS BSC MS MSC MA
    MBA PHD GPA GED NA N/A USD GBP EUR DOE FT PTO RSU RSUS IT I A AN IN ON AT TO OF BY AS IS
    IF NO NOT ALL NEW JOB ROLE KEY WHO WHAT HOW WHY YOUR DEI W2 W-2 PLUS FTE YR YRS II III""".split()
)

# Gerunds that open a phrase without naming the skill ("hitting targets" -> "targets").
LEAD_VERBS = frozenset(
    """hitting meeting exceeding building working using managing leading developing creating
    supporting running driving delivering owning handling providing helping making doing
    taking bringing growing maintaining ensuring partnering collaborating engaging improving
    reducing increasing lowering raising cutting boosting achieving""".split()
)

# Words that make an "-ing" phrase an industry (domain) rather than a skill.
INDUSTRY_WORDS = frozenset(
    """manufacturing accounting banking consulting retail healthcare hospitality education
    insurance logistics construction publishing advertising pharmaceuticals pharma fintech
    ecommerce e-commerce finance payments nursing""".split()
)

# Lexicon terms that a posting uses in another sense: "present to senior leadership" names an
# audience, not a leadership requirement; "process improvement initiatives" are projects.
POSTING_FALSE_CONTEXTS: dict[str, re.Pattern[str]] = {
    "leadership": re.compile(
        r"\b(?:to|with|for|the|our|senior|executive|plant|store|company|school|district|"
        r"hospital|nursing|business|banking)\s+leadership(?!\s+(?:skills?|experience|abilit))"
        r"|\bleadership\s+(?:team|group|meetings?)\b", re.IGNORECASE),
    "initiative": re.compile(r"\binitiatives\b|\b(?:improvement|strategic|key|company|cost|growth)\s+initiative",
                             re.IGNORECASE),
    "organization": re.compile(r"\b(?:the|our|an|this|whole|entire|across)\s+organi[sz]ation", re.IGNORECASE),
    "patience": re.compile(r"\bpatients?\b", re.IGNORECASE),
    # "a fast-paced schedule with rotating weekends" is a working condition, not scheduling work
    "scheduling": re.compile(
        r"\b(?:fast-paced|busy|flexible|rotating|varied|demanding|hybrid|work|working|full-time|"
        r"part-time|regular|shift)\s+schedules?\b|\bschedules?\s+(?:with|includes?)\b",
        re.IGNORECASE),
}

# Opening lines before the first heading count only when they talk about the role, not the company.
ROLE_CUE_RE = re.compile(
    r"\b(?:you(?:'ll| will| are)?|we(?:'re| are) (?:looking|seeking|hiring)|seeking|looking for|hiring|"
    r"join(?:ing)? (?:our|the)|the ideal|candidate|this role|the role|this position|responsible for|"
    r"will be|reporting to)\b",
    re.IGNORECASE,
)
