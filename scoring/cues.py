"""Cue vocabularies: the words and phrases that signal what an answer does.

Data, not grammar: each group is a set of phrases matched on spaCy tokens (lower-cased text, or
lemmas where the group says so) by `scoring.observe`. Grammar - sentences, who did what, negation,
tense - comes from spaCy (`scoring.nlp`), never from these lists.

A phrase is a space-separated sequence of tokens as spaCy splits them ("didn't" is "did n't").
"#" in a phrase stands for any number token ("# percent", "# years ago").
"""
from __future__ import annotations

# --- groups matched on lemmas (inflections fold: "reduced", "reducing" -> "reduce") --------------

LEMMA_GROUPS: dict[str, tuple[str, ...]] = {
    # a measured or observable change, said after the action
    "result": (
        "reduce", "cut", "increase", "raise", "grow", "drop", "fall", "rise", "improve", "save",
        "double", "halve", "shorten", "lower", "boost", "go from", "go up", "go down",
        "come down", "come back", "bring down", "renew", "approve", "promote", "thank",
        "no more", "never again", "have not have", "zero", "back on track", "on time",
        "under budget", "ahead of schedule", "work out", "pay off", "turn around", "solve",
        "resolve", "fix it", "sign", "retain", "keep them", "win", "hit our", "beat our",
        "meet our", "exceed", "pass", "settle", "calm", "recover", "land within", "get the role",
        "roll out", "adopt", "come off", "come round", "come around", "agree", "accept",
        "praise", "award", "stay", "keep the", "deliver", "finish", "launch", "ship", "close",
        "complete", "succeed", "success", "happy", "pleased", "relieve", "stable", "sold out",
        "sell out", "clear", "catch", "prevent", "avoid", "stop", "return", "ready",
    ),
    # words that introduce a result: they count with a figure or an outcome in the sentence
    "result_link": (
        "as a result", "in the end", "by the end", "end up", "lead to", "result in", "the result",
        "which mean", "that mean", "since then", "the outcome", "so now", "now", "afterwards",
        "after that", "eventually", "finally", "by then", "within",
    ),
    # a real, past occasion
    "occasion": (
        "last year", "last spring", "last summer", "last autumn", "last fall", "last winter",
        "last month", "last week", "last quarter", "last term", "last christmas",
        "# year ago", "# month ago", "# week ago", "a few year ago", "a few month ago",
        "a couple of year ago", "in #", "during #", "at my last", "at my previous",
        "in my last", "in my previous", "at my old", "in my first", "in my second",
        "in my third", "early in my career", "one night", "one day", "one morning",
        "one time", "one evening", "when i take over", "when i join", "when i start",
        "when i be", "when i work", "while i be", "at my current", "in my current",
        "on night", "on a night shift", "black friday", "during my", "back in", "my first year",
        "this year", "the other day", "a while ago", "recently", "at the time", "that year",
        "that day", "that week", "that month", "in twenty",
    ),
    # a lesson or a link forward
    "reflection": (
        "learn", "lesson", "take from", "take away", "teach me", "taught me", "would do differently",
        "next time", "now i always", "since then i", "that be how i", "how i would", "how i 'd",
        "for this role", "in this role", "here too", "what i take", "what i took", "i realise",
        "i realize", "remind me", "since then",
    ),
    # checking the work
    "check": (
        "test", "check", "double check", "double - check", "verify", "review", "validate",
        "confirm", "audit", "reconcile", "inspect", "proofread", "qa", "quality assurance",
        "measure", "monitor", "watch the", "sign off", "second pair of eye", "tie out",
        "compare against", "compare it", "read back", "scan", "recalculate", "spot check",
        "sample", "trial", "pilot", "exit ticket", "feedback", "incident report", "report back",
        "follow up", "check in", "track", "protocol", "document", "in writing", "record",
        "write it down", "write down", "note", "the notes", "checklist", "cross - check",
        "sanity check", "second opinion", "dry run", "rehearse", "safety", "double",
    ),
    # what could go wrong in a plan, and how it is contained
    "safeguard": (
        "risk", "safe", "safety", "compliance", "quality", "go wrong", "in case", "contingency",
        "backup plan", "back - up plan", "plan b", "fallback", "escalate", "impact on",
        "make sure it work", "check it work", "check that it work", "the customer 's view",
        "protect", "prevent",
    ),
    # ordered steps
    "sequence": (
        "first", "firstly", "first of all", "to start", "to begin", "start by", "then",
        "next", "after that", "afterwards", "once", "finally", "second", "secondly", "third",
        "thirdly", "last", "lastly", "before", "by the end of", "step", "meanwhile", "within",
        "straight away", "immediately", "by thursday", "by friday", "the same day",
    ),
    # a reason given
    "reason": (
        "because", "so that", "since", "that be why", "the reason", "which be why",
        "in order to", "otherwise", "so i", "so we", "which mean", "that way", "as it",
    ),
    # adapting when the usual way does not fit
    "adapt": (
        "when the deadline", "under pressure", "if it be urgent", "when it be urgent",
        "when we be short", "if we be short", "if that do not work", "when that do not work",
        "if not", "instead", "rather than", "adapt", "adjust", "shorten", "depend on",
        "when a team", "some people", "if someone", "when someone", "if a person",
        "when people", "differently", "flex", "if i need", "in a hurry", "tight deadline",
        "when time be", "if time be", "short staff", "short - staff", "at a large scale",
        "when it be really urgent", "if it happen again", "when we be busy", "when it be busy",
        "when i be busy", "if we be busy", "if it be busy", "on a busy", "in a rush",
        "when thing", "if thing", "when the usual", "if the usual", "when that happen",
        "if that happen", "depending on", "for a bigger", "for a larger", "for a small",
    ),
    # finding out before acting
    "clarify": (
        "find out", "ask", "check", "clarify", "understand", "listen", "look into",
        "look at", "gather", "confirm", "make sure", "work out", "establish", "figure out",
        "talk to", "speak to", "meet", "learn", "read", "review", "investigate",
    ),
    # people involved
    "people": (
        "manager", "lead", "team", "colleague", "customer", "client", "patient", "family",
        "charge nurse", "doctor", "director", "stakeholder", "supervisor", "boss", "everyone",
        "product manager", "support", "parent", "student", "department head", "staff",
        "associate", "sponsor", "controller", "owner", "hr", "peer", "registrar",
    ),
    # the candidate's own experience
    "experience": (
        "in my current", "in my last", "at my last", "at my current", "in my previous",
        "at my previous", "my current job", "my current role", "my current company",
        "my last job", "my last role", "i 've spend", "i 've work", "i have work", "i have spend",
        "for the last", "for the past", "i 've do", "i 've run", "i 've manage", "i 've lead",
        "i 've build", "i 've look after", "i launch", "i build", "i run", "i lead",
        "i manage", "year of", "year in", "year at", "year on",
    ),
    # looking ahead: what they would contribute, learn or build
    "forward": (
        "i would like to", "i 'd like to", "i want to", "i 'd want to", "i would want to",
        "i hope to", "i 'd love to", "i can bring", "i 'd bring", "i would bring", "contribute",
        "help your", "help the team", "grow into", "where i want", "next step", "in three year",
        "in five year", "in two year", "i 'm look for", "i be look for", "i be ready for",
        "i 'm ready for", "my career", "develop", "get better at",
    ),
    # moving away from a current job, with a complaint
    "away": (
        "get out", "have enough", "sick of", "fed up", "escape", "get away", "nobody listen",
        "no one listen", "toxic", "can not stand", "ca n't stand", "hate my", "hate it",
        "lot of problem",
    ),
    # what a candidate question targets
    "q_success": ("success", "successful", "measure", "judge", "good look like", "expect",
                  "goal", "target", "first six month", "first 90 day", "first ninety day",
                  "first year", "first quarter", "first month", "do well", "kpi", "metric"),
    "q_team": ("team", "colleague", "manager", "split", "work together", "support", "mentor",
               "on - call", "on call", "rota", "shift", "orientation", "onboarding", "training",
               "assistant manager", "department", "night team", "analyst"),
    "q_challenge": ("challenge", "problem", "difficult", "hard", "biggest", "hold back",
                    "gap", "risk", "struggle", "concern", "go wrong", "improve", "dip",
                    "drive that", "change"),
    "q_next": ("next step", "the process", "your process", "timeline", "hear back", "decide",
               "decision"),
    "q_generic": ("culture like", "typical day", "like work here", "the culture", "how big",
                  "how long have", "how many people"),
    "q_pay": ("salary", "pay", "holiday", "vacation", "pto", "bonus", "benefit", "pension",
              "work from home", "remote", "day off", "leave", "raise", "perk", "overtime",
              "hours", "car park", "parking", "discount"),
    # tied to something said today or found in research
    "tied_today": (
        "you mention", "you say", "you said", "you describe", "you tell", "earlier", "today",
        "you 've just", "from what you say", "as you say", "i read", "i notice", "i see that",
        "i saw", "from your", "in your report", "on your site", "on your website",
        "i hear that", "you be rewrite", "you just",
    ),
    # salary and terms
    "grounded": (
        "research", "survey", "market rate", "similar role", "similar position", "base on",
        "based on", "from what", "my contract", "notice period", "the range in your",
        "your posting", "your advert", "benchmark", "glassdoor", "in this area", "round here",
        "around here", "in the area", "look up", "compare", "reflect", "my experience",
        "notice", "give notice", "my current employer", "contract", "i 've agree", "i have agree",
        "already book", "already booked", "committed to", "i 've commit",
        "contract say", "i 've look at", "i have look at", "industry rate",
    ),
    "flexible": (
        "flexible", "flexibility", "open to", "negotiable", "the whole package",
        "package as a whole", "the package", "depend on the", "depending on", "happy to discuss",
        "work something out", "find a figure", "find a way", "work for both", "room",
        "happy to", "if you need", "if you needed", "could ask", "could start earlier",
        "if it help", "if that help", "could do", "i can be flexible", "move it", "swap",
        "i 'd ask", "review after", "willing",
    ),
    "committed": (
        "keen", "excited", "interested", "first choice", "really want", "look forward",
        "want this role", "want the role", "want this job", "glad to", "enthusiastic",
    ),
    # weakness answers
    "weak_action": (
        "course", "training", "practise", "practice", "start", "now i", "habit", "tool",
        "ask for feedback", "ask my manager", "mentor", "change", "set a limit", "learn to",
        "i now", "i 've start", "i have start", "work on it", "use a", "keep a", "write",
        "agree", "flag", "check", "read it back", "take a", "sign up", "enrol", "book",
    ),
    "weak_progress": (
        "since then", "this year", "now", "improve", "have not have", "haven't had", "no longer",
        "better", "fewer", "approve", "on time", "back to", "go from", "drop", "get feedback",
        "in the first meeting", "been able", "notice", "thank",
    ),
    "cost": (
        "cost", "late", "miss", "delay", "lose", "lost", "push back", "complaint", "error",
        "wrong", "fail", "mistake", "overrun", "discount", "frustrate", "stop me", "upset",
    ),
    "ownership": (
        "my fault", "my mistake", "my error", "i should have", "i should 've", "i take",
        "i own", "that be on me", "my responsibility", "i be responsible", "my part",
        "completely my", "i get it wrong", "i got it wrong", "i make a mistake",
        "that be my mistake", "i realise i", "i realize i", "i should 've",
    ),
    # small talk and logistics
    "warm": (
        "thank", "thanks", "great", "lovely", "nice", "enjoy", "glad", "good", "yes",
        "of course", "happy", "pleasure", "beautiful", "love", "impressive", "proud",
        "kind", "easy", "fine",
    ),
    "complain": (
        "nightmare", "awful", "terrible", "horrible", "annoying", "annoy", "hate", "traffic",
        "nearly turn", "stress", "exhaust", "rubbish", "ridiculous",
    ),
    "practical": (
        "email", "phone", "number", "send", "this afternoon", "tomorrow", "today", "by friday",
        "document", "reference", "contact", "let them know", "call", "date", "address",
        "available",
    ),
    # work style
    "preference": (
        "i like", "i prefer", "i value", "i do my best", "work best", "i need", "bring out",
        "i do well", "i thrive", "i find it hardest", "i find it hard", "i find", "drain",
        "work well for me", "i 'd rather", "i would rather", "what i need", "matter to me",
        "i do best", "hardest",
    ),
    # research and sources (company knowledge)
    "source": (
        "i read", "report", "website", "site", "news", "article", "annual report", "interview",
        "speak to", "spoke to", "talk to", "talked to", "meet", "met", "case study", "review",
        "survey", "linkedin", "press", "podcast", "visit", "go to the", "went to", "use your",
        "used your", "job fair", "trade", "from what", "i hear", "told me", "tell me", "said",
        "say that", "i see", "i notice", "i 've use", "i have use",
    ),
    "view": (
        "i think", "i 'd say", "i would say", "my view", "that tell me", "what that tell me",
        "that mean", "which mean", "i believe", "the challenge", "the opportunity", "the risk",
        "my guess", "i suspect", "the real", "i 'd look", "i would look", "is where",
        "be where", "i 'd pick", "my reading", "suggest", "i expect", "likely", "will matter",
        "matter a lot", "my sense", "i imagine", "seem to me", "i 'd guess", "i would guess",
        "the key", "the question be", "i see it", "my take",
    ),
    "role_link": (
        "this role", "in this role", "i 'd want", "i would want", "i could", "i can help",
        "help with", "i 'd bring", "contribute", "i 'd like to", "join", "get involve",
        "get involved", "if i join", "here too", "in my current job", "in my current role",
        "i 'd want to", "i 'd be",
    ),
}

# --- groups matched on lower-cased words (no lemma folding) -------------------------------------

WORD_GROUPS: dict[str, tuple[str, ...]] = {
    # phrases with no content, whoever says them
    "cliche": (
        "hard worker", "hard-working", "hard - working", "hardworking", "team player",
        "people person", "passionate", "fast learner", "quick learner", "results-driven",
        "results - driven", "detail-oriented", "detail - oriented", "go above and beyond",
        "above and beyond", "extra mile", "perfect fit", "good fit", "great fit",
        "great company", "good culture", "great culture", "strong culture", "room to grow",
        "great reputation", "good reputation", "market leader", "great people", "good people",
        "exciting place", "great product", "great team", "self-starter", "self - starter",
        "outside the box", "track record", "highly organised", "highly organized",
        "natural leader", "team-oriented", "customer-focused", "customer - focused",
        "i'm smart", "i am smart", "smart", "good communicator", "strong communicator",
        "eager to learn", "make a real impact", "make an impact", "grow and develop",
        "values its employees", "i get on with everyone", "get on with everyone",
        "on the same page", "at the end of the day", "really important", "absolutely key",
        "communication is key", "i'm very organised", "very organised", "very organized",
        "i just get on with it", "dedicated", "motivated", "driven", "reliable",
        "friendly", "i love", "i really love", "care about", "really care",
    ),
    # pay, perks and convenience
    "pay": (
        "salary", "pay", "money", "bonus", "benefits", "benefit", "holidays",
        "holiday", "vacation", "pto", "pension", "commute", "commuting", "remote",
        "work from home", "closer to home", "close to home", "hours", "perks", "perk",
        "parking", "discount", "need a job", "job security", "stable job", "the title",
        "better paid", "more money", "raise", "401(k)", "401k", "equity", "stipend",
    ),
    # releasing unchecked work: "push it live and fix it later"
    "skip_later": (
        "fix it later", "fix them later", "deal with it later", "deal with any problems later",
        "deal with problems later", "push it live", "push it out anyway", "ship it anyway",
        "send it anyway", "roll back later", "roll back if", "sort it out later",
        "test it later", "test in production", "straight to production",
        "to production straight away",
    ),
    # private life, in a summary of a career
    "private_life": ("grow up", "grew up", "my partner", "hobby", "my kid", "my kids",
                     "my children", "my family", "podcast", "childhood", "my sister",
                     "my brother", "my parents", "hiking", "holiday", "vacation", "book",
                     "novel", "film", "movie", "marathon", "football", "trip", "favourite",
                     "favorite", "league", "bike", "bicycle"),
    # putting a dishonest moment right
    "put_right": ("to correct", "corrected", "correct it", "put it right", "owned up",
                  "admitted", "came clean", "apologised", "apologized", "told them the truth"),
    # private health details about oneself
    "private_health": (
        "on medication", "my medication", "antidepressant", "antidepressants", "my anxiety",
        "my depression", "my therapist", "in therapy", "i was diagnosed", "my diagnosis", "rehab",
        "my illness", "my mental health",
    ),
    "decline": (
        "i don't know", "i do n't know", "i dont know", "no idea", "not sure", "nothing",
        "not really", "pass", "can't think", "ca n't think", "cannot think", "no questions",
        "covered everything", "haven't had a chance", "have n't had a chance",
        "haven't looked", "have n't looked", "you'd have to ask", "you 'd have to ask",
        "i'll have to see", "i 'll have to see", "whenever",
        "nope", "no,", "no.", "not much", "rather not say", "prefer not to say",
        "rather not answer", "prefer not to answer", "you tell me", "no comment",
        "can't remember", "ca n't remember", "don't remember", "do n't remember",
        "never really thought", "not thought about it", "haven't thought", "have n't thought",
        "no weaknesses", "nothing comes to mind", "no questions from me", "i'm good",
        "i 'm good", "all good", "that's everything", "that 's everything", "not at the moment",
        "i think that's it", "i think that 's it",
    ),
    # a position that commits to nothing: "whatever is fair", "it depends"
    "vague_terms": (
        "whatever is fair", "whatever you think", "whatever's fair", "whatever 's fair",
        "it depends", "depends on the package", "open to offers", "something competitive",
        "market rate", "a fair salary", "fair pay", "in line with the market", "negotiable",
        "we can talk about it", "when the time comes", "see what you offer", "what you offer",
        "what's your budget", "what 's your budget", "what is your budget", "up to you",
    ),
    # a date or a time span: a clear answer to "when could you start?"
    "when": (
        "immediately", "right away", "straight away", "straightaway", "asap", "next week",
        "next month", "the week after", "notice period", "# week", "# weeks", "# month",
        "# months", "# day", "# days", "january", "february", "march", "april", "may",
        "june", "july", "august", "september", "october", "november", "december", "monday",
        "tuesday", "wednesday", "thursday", "friday", "the first of", "the start of",
        "the end of", "beginning of", "by the", "mid-", "a month", "a week", "two weeks",
    ),
    # running others down or boasting
    "boast": (
        "better than them", "better than the others", "better than anyone", "better than most",
        "the best candidate", "i'm the best", "i 'm the best", "i am the best", "no one else",
        "nobody else", "years don't matter", "years do n't matter", "stuck in their ways",
        "simple as that", "obviously me", "i'm better", "i 'm better", "i am better",
        "i don't need", "i do n't need", "i know everything", "i never make mistakes",
        "nailed it", "couldn't have gone better", "could n't have gone better", "flawless",
        "anyone could do better", "no one could do better", "nobody could do better",
        "i'm perfect", "i 'm perfect", "i am perfect",
    ),
    # vague intentions in place of steps: "I'm working on it"
    "vague_action": (
        "work on it", "working on it", "try to", "trying to", "i try", "try and", "i'm aware",
        "i 'm aware", "i am aware", "keep an eye", "be better at", "get better at", "improve on it",
        "i'm learning", "i 'm learning", "learning to", "i hope to",
    ),
    # tying a strength to what the job needs
    "ties_to_role": (
        "you need", "you 're looking for", "you're looking for", "you are looking for",
        "the role need", "this role need", "the posting", "the job description", "your posting",
        "your advert", "the advert", "the team need", "what you need", "for this role",
        "this job", "the job need", "you want someone", "you mention", "you said",
        "the requirement", "your requirement", "ask for", "calls for", "call for", "here",
    ),
    # playing a failure or a weakness down
    "minimize": (
        "not a big deal", "wasn't a big deal", "was n't a big deal", "never really failed",
        "haven't really failed", "have n't really failed", "don't think i've really failed",
        "do n't think i 've really failed", "don't think i have failed", "not really a weakness",
        "it happens", "nothing major", "not really", "can't really think", "ca n't really think",
        "no real weakness", "not that i can think of",
    ),
    # refusing to answer, or answering rudely
    "evasive": (
        "none of your business", "not your business", "mind your own business",
        "i 've got options", "i've got options", "i have options", "why do you need to know",
        "why does it matter", "that's private", "that 's private", "i'd rather not say",
        "i 'd rather not say", "no comment", "let's just say", "let 's just say",
    ),
    # passing the problem to someone else, or leaving it
    "passes": (
        "not my job", "not my problem", "not my business", "mind my own business",
        "leave it to", "someone else's problem", "someone else 's problem", "not my place",
        "stay out of it", "keep out of it", "let them deal with it", "let them sort it",
        "just leave it", "ignore it", "stick it out", "see if it get better", "wait and see",
    ),
    # a cause spread between the speaker and circumstances
    "spread_cause": (
        "partly", "a few reasons", "a combination of", "a mix of", "not entirely my",
        "not all my", "it was a team", "we all", "on both sides",
    ),
}

# Job fit: how a requirement is mentioned, when it is not shown in use.
EVIDENCE_GROUPS: dict[str, tuple[str, ...]] = {
    # an opinion about a skill is not evidence of it: "I think communication is important"
    "opinion": (
        "i think", "i believe", "i feel", "i guess", "i would say", "i 'd say", "in my opinion",
        "be important", "be so important", "be really important", "be very important",
        "be the most important", "be key", "be essential", "be crucial", "be vital", "matter",
        "you have to", "you need to", "you just", "should always",
    ),
    # a claim of a skill: "experienced with X", "I'm strong in Y"
    "claim": (
        "experience with", "experience in", "experienced with", "experienced in", "skilled in",
        "skilled at", "skilled with", "proficient", "familiar with", "knowledge of", "expert in",
        "expert at", "expertise", "strong", "excellent", "passionate about", "good at", "great at",
        "background in", "i know", "i be a", "i 'm a", "i am a", "hard - working", "hard-working",
        "hardworking", "team player", "detail - oriented", "detail-oriented", "results - driven",
        "results-driven", "self - starter", "self-starter", "fast learner", "quick learner",
        "be my passion", "be my strength", "be my forte", "be my thing", "be my speciality",
        "be my specialty", "my passion be", "my strength be", "my forte be",
    ),
    # habits and intentions describe no particular time: "I always make sure", "I try to"
    "habit": (
        "i always", "i usually", "i normally", "i generally", "i try to", "i tend to",
        "i make sure", "i like to", "i love to", "i can", "i could", "i be able to",
        "i am able to",
    ),
}

# People and organisations: the subject or object of an insult or a blame.
PERSON_NOUNS = frozenset("""
manager boss supervisor director lead leader colleague coworker co-worker teammate team staff
employee employer company management department customer client patient guest people person
everyone everybody anyone nobody they them he she him her teacher nurse doctor engineer analyst
developer associate assistant worker workers firm organisation organization office school store
hospital head owner executive ceo founder recruiter hr candidate candidates peer peers crew
member members partner vendor supplier contractor student parent family ex-colleague idiots
""".split())

# Words that insult or mock a person (as a predicate, an attribute or a name).
INSULTS = frozenset("""
idiot idiots moron morons stupid useless incompetent clueless lazy pathetic hopeless dumb
imbecile imbeciles joke fool fools dinosaur dinosaurs clown clowns loser losers awful terrible
horrible rubbish dreadful worthless brainless spineless arrogant nightmare nightmares toxic
psycho psychos crazy ridiculous jerk jerks bitch bitches idiotic
""".split())
# Words that judge harshly but also describe a hard situation honestly ("the customer was
# awful to my team"): an insult only about one's own employer or colleagues ("my old boss was a
# nightmare", "the management there was awful").
MILD_INSULTS = frozenset("""
awful terrible horrible dreadful nightmare nightmares crazy ridiculous toxic arrogant rubbish
worthless
""".split())
# Insults that are only insults about people (never about a system, a week or the weather).
PERSON_ONLY_INSULTS = frozenset("""
idiot idiots moron morons incompetent clueless lazy imbecile imbeciles fool fools clown clowns
loser losers brainless spineless psycho psychos jerk jerks bitch bitches dinosaur dinosaurs
""".split())

# Swear words, matched as whole tokens (so "Scunthorpe" and "dam safety" are safe).
PROFANITY = frozenset("""
shit shitty bullshit shite fuck fucking fucked fucker fuckers fucks motherfucker damn damned
goddamn dammit crap crappy piss pissed pissing bastard bastards arse arsehole ass asshole
assholes bollocks wanker wankers twat dickhead cunt frigging freaking effing
""".split())
# Bleeped or starred swearing: a word with a run of * (or #) inside it: "f***", "s**t".
STARRED_SWEAR_MIN_STARS = 2

# The posting's checks that can be skipped.
CHECK_NOUNS = frozenset("""
test tests testing review reviews check checks checking safety verification verify validation
qa approval sign-off signoff audit double-check inspection proofreading proofread backup
backups protocol procedure procedures rollback
""".split())
SKIP_VERBS = frozenset("skip bypass ignore drop forget avoid dodge miss".split())

HUMBLEBRAG = (
    "perfectionist", "perfectionism", "work too hard", "i work too much", "care too much",
    "too dedicated", "too committed", "too honest", "too detail", "too much of a perfectionist",
    "don't have any weaknesses", "do n't have any weaknesses", "don't really have any weakness",
    "do n't really have any weakness", "no weaknesses", "don't have a weakness",
    "do n't have a weakness", "can't think of any weakness", "too hard on myself",
    "i expect too much",
)
DISQUALIFYING = (
    "lose my temper", "lost my temper", "losing my temper", "i'm usually late",
    "i 'm usually late", "i am usually late", "often late", "always late", "don't like people",
    "do n't like people", "don't like dealing with people", "do n't like dealing with people",
    "don't like customers", "do n't like customers", "don't suffer fools", "do n't suffer fools",
    "i lie", "i get angry", "i shout", "i'm lazy", "i 'm lazy", "i am lazy", "hate mornings",
    "can't stand customers", "ca n't stand customers", "i don't like working with",
    "i do n't like working with", "don't really like dealing with people",
    "do n't really like dealing with people", "don't really like people", "do n't really like people",
    "not a people person", "don't enjoy dealing with people", "do n't enjoy dealing with people",
    "hate dealing with", "can't stand dealing with", "ca n't stand dealing with",
    "don't really like customers", "do n't really like customers", "i'm not a morning person",
    "i 'm not a morning person",
)
UNCHANGED = ("that's just how i am", "that 's just how i am", "that's just me", "that 's just me",
             "it is what it is", "i can't help it", "ca n't help it", "can't change")

OVERSHARE = (
    "my divorce", "going through a divorce", "got divorced", "my ex", "marriage is falling apart",
    "marriage falling apart", "my breakup", "my break-up", "broke up with", "my boyfriend",
    "my girlfriend", "my husband left", "my wife left", "an affair", "i 'm in debt", "i'm in debt",
    "i am in debt", "in a lot of debt", "i went bankrupt", "my bankruptcy", "can't pay my",
    "ca n't pay my", "my debts", "my drinking", "colleague 's drinking problem",
    "colleague's drinking problem", "boss 's drinking problem", "manager 's drinking problem",
    "my religion", "my church", "my politics", "i'm pregnant", "i 'm pregnant", "my ivf",
    "my miscarriage", "my custody", "my court case", "i was evicted", "pay my rent",
)

DISHONESTY = (
    "i lied", "i lie to", "lied to", "made up the numbers", "make up the numbers",
    "made up the figures", "made the numbers up", "fudged", "fudge the", "call in sick",
    "called in sick", "pretend to be sick", "pretended to be sick", "took the credit",
    "take the credit", "took credit", "cover it up", "covered it up", "covered up",
    "hid it", "hide it from", "told the client it was done when it wasn't",
    "when it was n't", "when it wasn't", "faked", "fake the", "backdated", "back-dated",
    "nobody would notice", "no one would notice", "didn't tell anyone", "did n't tell anyone",
    "tell them i'm sick", "tell them i 'm sick", "say i'm sick", "say i 'm sick", "say i was ill",
    "say i was sick", "phone in sick", "pretend", "i'd lie", "i 'd lie", "make something up",
    "made something up", "make up an excuse", "fake a", "lie about", "lied about",
    "bend the truth", "white lie",
)

BLAME = (
    "wasn't my fault", "was n't my fault", "not my fault", "wasn't our fault", "was n't our fault",
    "nothing i could do", "not much i could do", "wasn't much i could do",
    "was n't much i could do", "set me up to fail", "their fault", "his fault", "her fault",
    "didn't pull their weight", "did n't pull their weight", "because of them",
    "blame", "let me down", "let us down", "thrown under the bus", "threw me under",
    "no one told me", "nobody told me", "never told me", "wasn't given", "was n't given",
    "i was never trained", "nobody trained me", "no one trained me", "if they had",
    "if he had", "if she had", "the client kept changing", "kept changing their mind",
    "because of my team", "because of my manager", "because of the client",
    "their mistake", "his mistake", "her mistake", "the supplier's fault", "management's fault",
    "out of my hands", "out of my control",
    "didn't do their job", "did n't do their job", "dropped the ball", "my team didn't",
    "my team did n't", "they didn't", "they did n't", "he didn't", "he did n't", "she didn't",
    "she did n't", "nothing i could have done", "nothing more i could have done",
    "nothing i could 've done", "nothing else i could have done", "gave me bad",
    "didn't support me", "did n't support me", "wasn't supported", "was n't supported",
    "didn't give me", "did n't give me", "never gave me", "wasn't my call", "was n't my call",
)
# the speaker owning the outcome: cancels a blame
BLAME_NEEDS_FAILURE = ("they didn't", "they did n't", "he didn't", "he did n't", "she didn't",
                       "she did n't", "my team didn't", "my team did n't", "if they had",
                       "if he had", "if she had")

AGGRESSIVE_SALARY = (
    "take it or leave it", "or i'm walking", "or i 'm walking", "or i walk", "or i'll walk",
    "or i 'll walk", "or i'm leaving", "or i 'm leaving", "as much as you can pay",
    "as much as possible", "double what i earn", "double what i'm on", "double what i 'm on",
    "non-negotiable", "non - negotiable", "not negotiable", "final offer", "my number",
    "won't consider anything", "wo n't consider anything", "will not consider anything",
    "won't accept anything", "wo n't accept anything", "won't go below", "wo n't go below",
    "nothing less than", "match it or", "match my other offer", "you'll need to find more",
    "you 'll need to find more", "find more budget", "that's my price", "that 's my price",
    "i know my worth", "i know what i 'm worth", "i know what i'm worth", "i deserve", "i 'm worth",
    "i'm worth", "i am worth", "top dollar", "highest you can", "the most you can", "more than anyone",
)

# Words of working life: an answer with almost none of them, and none of the question's words,
# is about something else (a hobby, a holiday) - off topic. Matched on lemmas.
WORK_WORDS = frozenset("""
customer client patient guest user student parent family team manager colleague coworker staff
employee boss supervisor director stakeholder sponsor executive lead peer associate department
company business firm organisation organization employer office store shop branch site plant
clinic hospital ward unit school class classroom job role work career position shift rota
project deadline target goal kpi metric report reporting data analysis dashboard budget forecast
cost revenue sale sales account renewal contract deal order orders stock inventory delivery
process procedure policy protocol system tool software platform product service code release
deploy test review audit incident ticket complaint issue problem risk safety compliance quality
meeting presentation plan schedule training onboarding interview salary offer notice reference
colleagues customers patients clients students clinics teams managers stores users accounts
lesson curriculum assessment care nurse doctor engineer analyst developer teacher chef supplier
vendor partner qbr migration database pipeline feature bug outage escalation escalate
teach tutor tutoring degree credential licence license certificate certification experience
qualification course training manage lead colleague workplace industry field profession
""".split())

# Verbs too general to be a concrete step: "I'd communicate with the team", "I'd handle it".
GENERIC_VERBS = frozenset("""
communicate handle deal manage sort work try ensure support help address approach tackle
do make get go keep stay focus prioritise prioritize consider think look see want need
""".split())
# Objects too general to make a step concrete.
GENERIC_OBJECTS = frozenset("""
it this that thing things situation problem issue everyone everybody people team everything
something anything way best job matter stuff
""".split())
