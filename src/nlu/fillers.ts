/**
 * Words that carry the form of a question (and their English counterparts that no Vietnamese
 * word folds to: "me", "an", "in", "my" are left out), not its topic ("tôi muốn hỏi làm … ở đâu ạ"). They
 * still count a little (never dropped: `không`, `cần`, `bao nhiêu` matter to follow-ups), but a
 * match on them alone says nothing about which procedure is meant. Folded forms.
 */
export const FILLERS: ReadonlySet<string> = new Set(
  `toi minh em anh chi ban bac co chu ong ba con nha ho chau tui tao
   muon hoi xin cho biet giup voi di nhe a ah a oi nha nhe ha vay the nao sao gi
   lam the nao cach can phai duoc khong co la thi ma o dau khi nao bao gio nhieu lau
   cua va hay hoac nhu de se da dang roi nay kia do ay cai nhung cac mot
   viec thu tuc giay to di den tai ve tu trong ngoai len xuong ra vao
   muon hoi nay vui long lam on xin hoi cho em hoi cho toi hoi
   how what where when which who does did is are was for of need want please you your get with and
   one new would like should from this that have make our we`
    .split(/\s+/)
    .filter(Boolean),
);

/** Weight of a filler word relative to a content word. */
export const FILLER_WEIGHT = 0.12;
