-- CreateTable
CREATE TABLE "engine_snapshot" (
    "id" BIGSERIAL NOT NULL,
    "through_seq" BIGINT NOT NULL,
    "format" INTEGER NOT NULL,
    "engine_fingerprint" TEXT NOT NULL,
    "events" BIGINT NOT NULL,
    "bytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "data" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "engine_snapshot_pkey" PRIMARY KEY ("id")
);
