-- CreateTable
CREATE TABLE "alert_silence" (
    "id" TEXT NOT NULL,
    "alert_id" TEXT NOT NULL,
    "ward_id" TEXT,
    "patient_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "severity" TEXT NOT NULL,
    "ended_at" TIMESTAMPTZ(3),
    "ended_by" TEXT,
    "end_reason" TEXT,

    CONSTRAINT "alert_silence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_delivery" (
    "id" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "alert_id" TEXT NOT NULL,
    "ward_id" TEXT,
    "patient_id" TEXT NOT NULL,
    "escalation_level" INTEGER NOT NULL,
    "transition_seq" BIGINT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "delivered_at" TIMESTAMPTZ(3),

    CONSTRAINT "notification_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "alert_silence_alert_id_idx" ON "alert_silence"("alert_id");

-- CreateIndex
CREATE INDEX "alert_silence_ward_id_ended_at_idx" ON "alert_silence"("ward_id", "ended_at");

-- CreateIndex
CREATE INDEX "notification_delivery_alert_id_idx" ON "notification_delivery"("alert_id");

-- At most one silence or shelve in force per alert (Prisma cannot express a partial unique index).
CREATE UNIQUE INDEX "alert_silence_one_in_force" ON "alert_silence"("alert_id") WHERE "ended_at" IS NULL;
