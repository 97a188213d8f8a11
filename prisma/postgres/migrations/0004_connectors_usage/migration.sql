-- CreateTable
CREATE TABLE "Connector" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "description" TEXT,
    "status" TEXT NOT NULL DEFAULT 'AVAILABLE',
    "suggestedSkills" JSONB NOT NULL,
    "connectedAt" TIMESTAMP(3),
    "connectedBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Connector_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "ConnectorRequest" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "connectorId" TEXT NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "decidedBy" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decisionNote" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConnectorRequest_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "UsageEvent" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "clientEventId" TEXT,
    "actorKind" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "skillId" TEXT NOT NULL,
    "skillVersion" TEXT,
    "referenceFile" TEXT,
    "origin" TEXT NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "day" INTEGER NOT NULL,
    "latencyMs" INTEGER,
    "inputTokens" INTEGER,
    "outputTokens" INTEGER,
    "costUsd" DOUBLE PRECISION,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UsageEvent_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "UsageSkillDay" (
    "tenantId" TEXT NOT NULL,
    "skillId" TEXT NOT NULL,
    "day" INTEGER NOT NULL,
    "invocations" INTEGER NOT NULL,
    "inputTokens" BIGINT NOT NULL,
    "outputTokens" BIGINT NOT NULL,
    "costUsd" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "UsageSkillDay_pkey" PRIMARY KEY ("tenantId","skillId","day")
);

-- CreateTable
CREATE TABLE "UsageLatencyDay" (
    "tenantId" TEXT NOT NULL,
    "skillId" TEXT NOT NULL,
    "day" INTEGER NOT NULL,
    "bucket" INTEGER NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "UsageLatencyDay_pkey" PRIMARY KEY ("tenantId","skillId","day","bucket")
);

-- CreateTable
CREATE TABLE "UsageActorDay" (
    "tenantId" TEXT NOT NULL,
    "actorKind" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "day" INTEGER NOT NULL,
    "invocations" INTEGER NOT NULL,
    "inputTokens" BIGINT NOT NULL,
    "outputTokens" BIGINT NOT NULL,
    "costUsd" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "UsageActorDay_pkey" PRIMARY KEY ("tenantId","actorKind","day","actorId")
);

-- CreateTable
CREATE TABLE "UsageActorMonth" (
    "tenantId" TEXT NOT NULL,
    "actorKind" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "month" INTEGER NOT NULL,
    "invocations" INTEGER NOT NULL,
    "inputTokens" BIGINT NOT NULL,
    "outputTokens" BIGINT NOT NULL,
    "costUsd" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "UsageActorMonth_pkey" PRIMARY KEY ("tenantId","actorKind","month","actorId")
);

-- CreateTable
CREATE TABLE "UsageSkillActorMonth" (
    "tenantId" TEXT NOT NULL,
    "skillId" TEXT NOT NULL,
    "actorKind" TEXT NOT NULL,
    "month" INTEGER NOT NULL,
    "actorId" TEXT NOT NULL,
    "days" INTEGER NOT NULL,
    "invocations" INTEGER NOT NULL,

    CONSTRAINT "UsageSkillActorMonth_pkey" PRIMARY KEY ("tenantId","skillId","actorKind","month","actorId")
);

-- CreateTable
CREATE TABLE "UsageSkillActor" (
    "tenantId" TEXT NOT NULL,
    "skillId" TEXT NOT NULL,
    "actorKind" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "firstDay" INTEGER NOT NULL,
    "lastDay" INTEGER NOT NULL,
    "invocations" INTEGER NOT NULL,

    CONSTRAINT "UsageSkillActor_pkey" PRIMARY KEY ("tenantId","skillId","actorKind","actorId")
);

-- CreateTable
CREATE TABLE "UsageActorWindow" (
    "tenantId" TEXT NOT NULL,
    "actorKind" TEXT NOT NULL,
    "windowDays" INTEGER NOT NULL,
    "actorId" TEXT NOT NULL,
    "invocations" INTEGER NOT NULL,
    "inputTokens" BIGINT NOT NULL,
    "outputTokens" BIGINT NOT NULL,
    "tokens" BIGINT NOT NULL,
    "costUsd" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "UsageActorWindow_pkey" PRIMARY KEY ("tenantId","actorKind","windowDays","actorId")
);

-- CreateTable
CREATE TABLE "UsageWindowRefresh" (
    "tenantId" TEXT NOT NULL,
    "windowDays" INTEGER NOT NULL,
    "toDay" INTEGER NOT NULL,
    "refreshedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UsageWindowRefresh_pkey" PRIMARY KEY ("tenantId","windowDays")
);

-- CreateIndex
CREATE INDEX "Connector_tenantId_category_id_idx" ON "Connector"("tenantId", "category", "id");

-- CreateIndex
CREATE INDEX "ConnectorRequest_tenantId_status_createdAt_idx" ON "ConnectorRequest"("tenantId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "ConnectorRequest_tenantId_connectorId_requestedBy_status_idx" ON "ConnectorRequest"("tenantId", "connectorId", "requestedBy", "status");

-- CreateIndex
CREATE INDEX "UsageEvent_tenantId_day_idx" ON "UsageEvent"("tenantId", "day");

-- CreateIndex
CREATE UNIQUE INDEX "UsageEvent_tenantId_clientEventId_key" ON "UsageEvent"("tenantId", "clientEventId");

-- CreateIndex
CREATE INDEX "UsageSkillDay_tenantId_day_idx" ON "UsageSkillDay"("tenantId", "day");

-- CreateIndex
CREATE INDEX "UsageSkillActor_tenantId_skillId_actorKind_lastDay_idx" ON "UsageSkillActor"("tenantId", "skillId", "actorKind", "lastDay");

-- CreateIndex
CREATE INDEX "UsageActorWindow_tenantId_actorKind_windowDays_invocations_idx" ON "UsageActorWindow"("tenantId", "actorKind", "windowDays", "invocations");

-- CreateIndex
CREATE INDEX "UsageActorWindow_tenantId_actorKind_windowDays_tokens_idx" ON "UsageActorWindow"("tenantId", "actorKind", "windowDays", "tokens");

-- CreateIndex
CREATE INDEX "UsageActorWindow_tenantId_actorKind_windowDays_costUsd_idx" ON "UsageActorWindow"("tenantId", "actorKind", "windowDays", "costUsd");

