-- AlterTable
ALTER TABLE "SkillVersion" ADD COLUMN "model" TEXT;
ALTER TABLE "SkillVersion" ADD COLUMN "outputSummary" TEXT;

-- AlterTable
ALTER TABLE "Agent" ADD COLUMN "description" TEXT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN "deprovisionedAt" DATETIME;
ALTER TABLE "User" ADD COLUMN "externalId" TEXT;
ALTER TABLE "User" ADD COLUMN "scimName" JSONB;
ALTER TABLE "User" ADD COLUMN "userName" TEXT;
ALTER TABLE "User" ADD COLUMN "userNameKey" TEXT;

-- AlterTable
ALTER TABLE "Group" ADD COLUMN "description" TEXT;
ALTER TABLE "Group" ADD COLUMN "externalId" TEXT;

-- AlterTable
ALTER TABLE "Archetype" ADD COLUMN "description" TEXT;

-- AlterTable
ALTER TABLE "Cowork" ADD COLUMN "description" TEXT;

-- CreateTable
CREATE TABLE "SkillManager" (
    "tenantId" TEXT NOT NULL,
    "skillId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "principalId" TEXT NOT NULL,
    "addedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("tenantId", "skillId", "kind", "principalId")
);

-- CreateTable
CREATE TABLE "SkillOwnershipTransfer" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "skillId" TEXT NOT NULL,
    "fromOwnerId" TEXT,
    "toUserId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "requestedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" DATETIME,
    "pendingKey" TEXT,

    PRIMARY KEY ("tenantId", "id")
);

-- AlterTable (SQLite adds a NOT NULL column with a constant default in place; no table rebuild)
ALTER TABLE "Skill" ADD COLUMN "ownerId" TEXT;
ALTER TABLE "Skill" ADD COLUMN "manageAccess" TEXT NOT NULL DEFAULT 'EVERYONE_WITH_WRITE';

-- CreateIndex
CREATE INDEX "SkillOwnershipTransfer_tenantId_skillId_requestedAt_idx" ON "SkillOwnershipTransfer"("tenantId", "skillId", "requestedAt");

-- CreateIndex
CREATE UNIQUE INDEX "SkillOwnershipTransfer_tenantId_pendingKey_key" ON "SkillOwnershipTransfer"("tenantId", "pendingKey");

-- CreateIndex
CREATE INDEX "User_tenantId_externalId_idx" ON "User"("tenantId", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "User_tenantId_userNameKey_key" ON "User"("tenantId", "userNameKey");

