-- Migration number: 0025 	 opinion categories carry the answer deadline
-- Each category of opinion has a deadline for the first answer, in calendar days from receipt
-- (the office sets it per category; 15 days unless it says otherwise). A new opinion gets its
-- answer-due date (opinions.due_on, Beijing date) from it when it is stored, and the sender sees
-- that date on the receipt and on the status page.
ALTER TABLE opinion_categories ADD COLUMN answer_days INTEGER NOT NULL DEFAULT 15 CHECK (answer_days BETWEEN 1 AND 90);
