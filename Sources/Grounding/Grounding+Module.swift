// Grounding: the pure logic of Ask (no database, no network).
//
//   let template = PromptTemplate.builtIn                       // or PromptTemplate.parse(toml:over:) for a user file
//   let plan = SourceBudget(numCtx: 4096).plan(question: q, candidates: retrieved)   // whole chunks, best first
//   let messages = AskPrompt.messages(question: q, passages: plan.passages)         // sources escaped in delimiters
//   let report = CitationChecker.check(answer, passages: plan.passages)              // verified / weak / unverified
//   let offline = Extractor.answer(question: q, passages: plan.passages)             // no model: best sentences
//   let query = FollowUp.combine(question: followUp, thread: turns)                  // offline follow-up rewrite
//
// The service that runs retrieval, the model and the store around these lives in RecallKit (`AskService`).
