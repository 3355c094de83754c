-- CreateTable
CREATE TABLE "ward" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ward_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bed" (
    "id" TEXT NOT NULL,
    "ward_id" TEXT NOT NULL,
    "label" TEXT NOT NULL,

    CONSTRAINT "bed_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "patient" (
    "id" TEXT NOT NULL,
    "mrn" TEXT,
    "display_name" TEXT,
    "ward_id" TEXT,
    "bed" TEXT,
    "weight_kg" DOUBLE PRECISION,
    "baseline" JSONB,
    "admitted_at" TIMESTAMPTZ(3),
    "discharged_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "patient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "clinical_event" (
    "id" TEXT NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "patient_id" TEXT NOT NULL,
    "time" TIMESTAMPTZ(3) NOT NULL,
    "type" TEXT NOT NULL,
    "source" TEXT,
    "payload" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "clinical_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert" (
    "id" TEXT NOT NULL,
    "patient_id" TEXT NOT NULL,
    "ward_id" TEXT,
    "bed" TEXT,
    "rule" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "opened_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "resolved_at" TIMESTAMPTZ(3),
    "acknowledged_at" TIMESTAMPTZ(3),
    "acknowledged_by" TEXT,
    "ack_note" TEXT,
    "ack_disposition" TEXT,
    "escalation_level" INTEGER NOT NULL DEFAULT 0,
    "message" TEXT NOT NULL,
    "evidence" JSONB NOT NULL,
    "thresholds" JSONB NOT NULL,
    "last_seq" BIGINT NOT NULL,

    CONSTRAINT "alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_event" (
    "seq" BIGSERIAL NOT NULL,
    "alert_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "ward_id" TEXT,
    "patient_id" TEXT NOT NULL,
    "actor" TEXT,
    "snapshot" JSONB NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_event_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "app_user" (
    "id" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "ward_ids" TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "app_user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_key" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "threshold_set" (
    "id" SERIAL NOT NULL,
    "scope" TEXT NOT NULL,
    "scope_id" TEXT,
    "version" INTEGER NOT NULL,
    "values" JSONB NOT NULL,
    "created_by" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "threshold_set_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "bed_ward_id_label_key" ON "bed"("ward_id", "label");

-- CreateIndex
CREATE INDEX "patient_ward_id_idx" ON "patient"("ward_id");

-- CreateIndex
CREATE INDEX "clinical_event_patient_id_time_idx" ON "clinical_event"("patient_id", "time");

-- CreateIndex
CREATE INDEX "clinical_event_type_time_idx" ON "clinical_event"("type", "time");

-- CreateIndex
CREATE UNIQUE INDEX "clinical_event_seq_key" ON "clinical_event"("seq");

-- CreateIndex
CREATE INDEX "alert_ward_id_state_idx" ON "alert"("ward_id", "state");

-- CreateIndex
CREATE INDEX "alert_patient_id_idx" ON "alert"("patient_id");

-- CreateIndex
CREATE INDEX "alert_event_ward_id_seq_idx" ON "alert_event"("ward_id", "seq");

-- CreateIndex
CREATE INDEX "alert_event_alert_id_seq_idx" ON "alert_event"("alert_id", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "app_user_username_key" ON "app_user"("username");

-- CreateIndex
CREATE UNIQUE INDEX "api_key_key_hash_key" ON "api_key"("key_hash");

-- CreateIndex
CREATE UNIQUE INDEX "threshold_set_scope_scope_id_version_key" ON "threshold_set"("scope", "scope_id", "version");

-- AddForeignKey
ALTER TABLE "bed" ADD CONSTRAINT "bed_ward_id_fkey" FOREIGN KEY ("ward_id") REFERENCES "ward"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "patient" ADD CONSTRAINT "patient_ward_id_fkey" FOREIGN KEY ("ward_id") REFERENCES "ward"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_event" ADD CONSTRAINT "alert_event_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alert"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
