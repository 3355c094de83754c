-- AlterTable
ALTER TABLE "clinical_event" DROP CONSTRAINT "clinical_event_pkey",
ADD COLUMN     "revision" INTEGER NOT NULL DEFAULT 0,
ADD CONSTRAINT "clinical_event_pkey" PRIMARY KEY ("id", "revision");
