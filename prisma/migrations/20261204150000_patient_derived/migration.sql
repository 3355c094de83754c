-- CreateTable
CREATE TABLE "patient_derived" (
    "patient_id" TEXT NOT NULL,
    "partition" INTEGER NOT NULL,
    "epoch" BIGINT NOT NULL,
    "through_seq" BIGINT NOT NULL,
    "news2" INTEGER,
    "thresholds" JSONB NOT NULL,
    "dose" JSONB,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "patient_derived_pkey" PRIMARY KEY ("patient_id")
);
