-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Tenant" (
    "id" TEXT NOT NULL,
    "eventSeq" INTEGER NOT NULL DEFAULT 0,
    "quarantineMode" TEXT NOT NULL DEFAULT 'WARN',
    "quarantineUpdatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Tenant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Skill" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "description" TEXT,
    "category" TEXT,
    "publisher" TEXT,
    "source" TEXT NOT NULL,
    "lifecycle" TEXT NOT NULL,
    "currentVersion" TEXT,
    "hasDraftChanges" BOOLEAN NOT NULL DEFAULT false,
    "locked" BOOLEAN NOT NULL DEFAULT false,
    "listingRef" TEXT,
    "listingVersion" TEXT,
    "toolIds" JSONB NOT NULL,
    "metadata" JSONB NOT NULL,
    "repositoryId" TEXT,
    "path" TEXT,
    "templateId" TEXT,
    "scanStatus" TEXT NOT NULL DEFAULT 'NOT_SCANNED',
    "searchText" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "Skill_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "SkillVersion" (
    "tenantId" TEXT NOT NULL,
    "skillId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "isDraft" BOOLEAN NOT NULL,
    "instructions" TEXT NOT NULL,
    "references" JSONB NOT NULL,
    "scripts" JSONB NOT NULL,
    "contentHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT,

    CONSTRAINT "SkillVersion_pkey" PRIMARY KEY ("tenantId","skillId","key")
);

-- CreateTable
CREATE TABLE "SkillConfig" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "skillId" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "teamId" TEXT,
    "teamKey" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "pinnedVersion" TEXT,
    "settings" JSONB NOT NULL,
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SkillConfig_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "Repository" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "location" TEXT NOT NULL,
    "lastSyncedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Repository_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "Agent" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'ACTIVE',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Agent_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "AgentSkillAssignment" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "skillId" TEXT NOT NULL,
    "skillVersion" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "config" JSONB NOT NULL,
    "assignedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "assignedBy" TEXT,

    CONSTRAINT "AgentSkillAssignment_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "SkillRequest" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "skillId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "decidedBy" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decisionNote" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SkillRequest_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "User" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "displayName" TEXT,
    "archetypeId" TEXT,
    "searchText" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "Group" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Group_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "GroupMember" (
    "tenantId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GroupMember_pkey" PRIMARY KEY ("tenantId","groupId","userId")
);

-- CreateTable
CREATE TABLE "GroupAugment" (
    "tenantId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "skillId" TEXT NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GroupAugment_pkey" PRIMARY KEY ("tenantId","groupId","skillId")
);

-- CreateTable
CREATE TABLE "GroupBlock" (
    "tenantId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "skillId" TEXT NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GroupBlock_pkey" PRIMARY KEY ("tenantId","groupId","skillId")
);

-- CreateTable
CREATE TABLE "Archetype" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "coworkId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Archetype_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "ArchetypeSkill" (
    "tenantId" TEXT NOT NULL,
    "archetypeId" TEXT NOT NULL,
    "skillId" TEXT NOT NULL,
    "pinnedVersion" TEXT,
    "origin" TEXT NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ArchetypeSkill_pkey" PRIMARY KEY ("tenantId","archetypeId","skillId")
);

-- CreateTable
CREATE TABLE "Role" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Role_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "RoleSkill" (
    "tenantId" TEXT NOT NULL,
    "roleId" TEXT NOT NULL,
    "skillId" TEXT NOT NULL,
    "repositoryId" TEXT,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RoleSkill_pkey" PRIMARY KEY ("tenantId","roleId","skillId")
);

-- CreateTable
CREATE TABLE "RoleMember" (
    "tenantId" TEXT NOT NULL,
    "roleId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "assignedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RoleMember_pkey" PRIMARY KEY ("tenantId","roleId","userId")
);

-- CreateTable
CREATE TABLE "Cowork" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Cowork_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "CoworkSkill" (
    "tenantId" TEXT NOT NULL,
    "coworkId" TEXT NOT NULL,
    "skillId" TEXT NOT NULL,
    "skillVersion" TEXT NOT NULL,

    CONSTRAINT "CoworkSkill_pkey" PRIMARY KEY ("tenantId","coworkId","skillId")
);

-- CreateTable
CREATE TABLE "UserGrant" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "skillId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "grantedBy" TEXT,
    "grantedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "revokeReason" TEXT,

    CONSTRAINT "UserGrant_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "DistributionPlatform" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "delivery" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "secret" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DistributionPlatform_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "PublishJob" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "platformId" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "scopeId" TEXT,
    "status" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "usersTotal" INTEGER NOT NULL DEFAULT 0,
    "usersPublished" INTEGER NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "causedAt" TIMESTAMP(3) NOT NULL,
    "lagSeconds" DOUBLE PRECISION,
    "runAfter" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseOwner" TEXT,
    "leaseExpiresAt" TIMESTAMP(3),
    "eventSeq" INTEGER,
    "queuedKey" TEXT,
    "runningKey" TEXT,
    "revision" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "PublishJob_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "GovernanceEvent" (
    "tenantId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "subjects" JSONB NOT NULL,
    "payload" JSONB NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GovernanceEvent_pkey" PRIMARY KEY ("tenantId","seq")
);

-- CreateTable
CREATE TABLE "GovernanceEventSubject" (
    "tenantId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "subject" TEXT NOT NULL,

    CONSTRAINT "GovernanceEventSubject_pkey" PRIMARY KEY ("tenantId","subject","seq")
);

-- CreateTable
CREATE TABLE "ScanJob" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "skillIds" JSONB NOT NULL,
    "skillsScanned" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ScanJob_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "ScanFinding" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "scanJobId" TEXT NOT NULL,
    "skillId" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "detail" TEXT NOT NULL,

    CONSTRAINT "ScanFinding_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateIndex
CREATE INDEX "Skill_tenantId_lifecycle_id_idx" ON "Skill"("tenantId", "lifecycle", "id");

-- CreateIndex
CREATE INDEX "Skill_tenantId_category_idx" ON "Skill"("tenantId", "category");

-- CreateIndex
CREATE INDEX "Skill_tenantId_repositoryId_id_idx" ON "Skill"("tenantId", "repositoryId", "id");

-- CreateIndex
CREATE INDEX "Skill_tenantId_templateId_idx" ON "Skill"("tenantId", "templateId");

-- CreateIndex
CREATE UNIQUE INDEX "Skill_tenantId_slug_key" ON "Skill"("tenantId", "slug");

-- CreateIndex
CREATE INDEX "SkillConfig_tenantId_scope_teamKey_idx" ON "SkillConfig"("tenantId", "scope", "teamKey");

-- CreateIndex
CREATE UNIQUE INDEX "SkillConfig_tenantId_skillId_scope_teamKey_key" ON "SkillConfig"("tenantId", "skillId", "scope", "teamKey");

-- CreateIndex
CREATE INDEX "Agent_tenantId_status_id_idx" ON "Agent"("tenantId", "status", "id");

-- CreateIndex
CREATE INDEX "AgentSkillAssignment_tenantId_agentId_priority_skillId_idx" ON "AgentSkillAssignment"("tenantId", "agentId", "priority", "skillId");

-- CreateIndex
CREATE INDEX "AgentSkillAssignment_tenantId_skillId_assignedAt_agentId_idx" ON "AgentSkillAssignment"("tenantId", "skillId", "assignedAt", "agentId");

-- CreateIndex
CREATE UNIQUE INDEX "AgentSkillAssignment_tenantId_agentId_skillId_key" ON "AgentSkillAssignment"("tenantId", "agentId", "skillId");

-- CreateIndex
CREATE INDEX "SkillRequest_tenantId_status_createdAt_idx" ON "SkillRequest"("tenantId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "User_tenantId_archetypeId_id_idx" ON "User"("tenantId", "archetypeId", "id");

-- CreateIndex
CREATE INDEX "GroupMember_tenantId_userId_idx" ON "GroupMember"("tenantId", "userId");

-- CreateIndex
CREATE INDEX "GroupAugment_tenantId_skillId_idx" ON "GroupAugment"("tenantId", "skillId");

-- CreateIndex
CREATE INDEX "GroupBlock_tenantId_skillId_idx" ON "GroupBlock"("tenantId", "skillId");

-- CreateIndex
CREATE INDEX "ArchetypeSkill_tenantId_skillId_idx" ON "ArchetypeSkill"("tenantId", "skillId");

-- CreateIndex
CREATE INDEX "RoleSkill_tenantId_skillId_idx" ON "RoleSkill"("tenantId", "skillId");

-- CreateIndex
CREATE INDEX "RoleMember_tenantId_userId_idx" ON "RoleMember"("tenantId", "userId");

-- CreateIndex
CREATE INDEX "CoworkSkill_tenantId_skillId_idx" ON "CoworkSkill"("tenantId", "skillId");

-- CreateIndex
CREATE INDEX "UserGrant_tenantId_userId_grantedAt_idx" ON "UserGrant"("tenantId", "userId", "grantedAt");

-- CreateIndex
CREATE INDEX "UserGrant_tenantId_skillId_idx" ON "UserGrant"("tenantId", "skillId");

-- CreateIndex
CREATE INDEX "UserGrant_revokedAt_expiresAt_idx" ON "UserGrant"("revokedAt", "expiresAt");

-- CreateIndex
CREATE INDEX "PublishJob_status_runAfter_idx" ON "PublishJob"("status", "runAfter");

-- CreateIndex
CREATE INDEX "PublishJob_tenantId_createdAt_idx" ON "PublishJob"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "PublishJob_tenantId_platformId_scope_scopeId_status_idx" ON "PublishJob"("tenantId", "platformId", "scope", "scopeId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "PublishJob_tenantId_queuedKey_key" ON "PublishJob"("tenantId", "queuedKey");

-- CreateIndex
CREATE UNIQUE INDEX "PublishJob_tenantId_runningKey_key" ON "PublishJob"("tenantId", "runningKey");

-- CreateIndex
CREATE INDEX "GovernanceEvent_tenantId_kind_seq_idx" ON "GovernanceEvent"("tenantId", "kind", "seq");

-- CreateIndex
CREATE INDEX "GovernanceEvent_tenantId_occurredAt_idx" ON "GovernanceEvent"("tenantId", "occurredAt");

-- CreateIndex
CREATE INDEX "ScanFinding_tenantId_scanJobId_idx" ON "ScanFinding"("tenantId", "scanJobId");

-- CreateIndex
CREATE INDEX "ScanFinding_tenantId_skillId_idx" ON "ScanFinding"("tenantId", "skillId");

-- AddForeignKey
ALTER TABLE "GovernanceEventSubject" ADD CONSTRAINT "GovernanceEventSubject_tenantId_seq_fkey" FOREIGN KEY ("tenantId", "seq") REFERENCES "GovernanceEvent"("tenantId", "seq") ON DELETE CASCADE ON UPDATE CASCADE;

