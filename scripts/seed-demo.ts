import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { AccessModule, Actor, Role, TwoFactorService, UsersService, UserView } from '@albergue/access';
import {
  addCalendarDays,
  AsylumApplicationsService,
  AsylumEventsService,
  AsylumModule,
  REMINDERS_QUEUE,
  reminderRunJobId,
  todayInMexicoCity,
} from '@albergue/asylum';
import { ExportRunner, ExportsModule, ExportsService, ExportsWorkerModule, PartnersService } from '@albergue/exports';
import { IncidentReviewService, IncidentsModule, IncidentsService } from '@albergue/incidents';
import { IntakeModule, IntakeService, SheltersService } from '@albergue/intake';
import { migrations } from '@albergue/migrations';
import { enqueue, loadConfigOrExit, PlatformModule, prepareDatabase } from '@albergue/platform';
import { DirectoryService, ReferralsModule, ReferralsService, ServiceCategory } from '@albergue/referrals';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bullmq';
import { generateKey } from 'openpgp';
import { generateSync } from 'otplib';
import { DataSource } from 'typeorm';

/**
 * `npm run seed:demo`: a demo network to try Albergue at once — two shelters, one user per role
 * (passwords printed once), a few dozen arrivals, and something on every role's screens: asylum
 * applications of the demo lawyer (one filing overdue), incidents waiting for review, referrals
 * to the partner's organization in every state, and a partner with an OpenPGP key and a finished
 * export (its private key is written under the OS temp directory, outside the repository).
 * It refuses to run twice on one database.
 * Accounts whose role needs two-factor sign-in (TOTP_REQUIRED_ROLES) get it turned on, and their
 * TOTP secrets printed, only with NODE_ENV=development; elsewhere they enroll at their first login.
 */
const SHELTERS = [
  { name: 'Albergue La Esperanza, Palenque', code: 'PAL', state: 'Chiapas', municipality: 'Palenque', capacity: 120 },
  { name: 'Casa del Migrante, Tenosique', code: 'TEN', state: 'Tabasco', municipality: 'Tenosique', capacity: 80 },
];

const FAMILIES: { nationality: string; members: [string, string, 'female' | 'male', string, string][] }[] = [
  {
    nationality: 'SV',
    members: [
      ['Carlos Ernesto', 'Ramírez Soto', 'male', '1986-02-11', 'head'],
      ['María de los Ángeles', 'Guzmán Peña', 'female', '1990-09-30', 'spouse'],
      ['Daniela', 'Ramírez Guzmán', 'female', '2018-07-01', 'child'],
      ['Mateo', 'Ramírez Guzmán', 'male', '2025-07-10', 'child'],
    ],
  },
  { nationality: 'HN', members: [['Kevin Alexander', 'Pérez Mejía', 'male', '2010-06-01', 'head']] },
  {
    nationality: 'HN',
    members: [
      ['Suyapa', 'Zelaya Banegas', 'female', '1994-12-03', 'head'],
      ['Josué David', 'Zelaya Banegas', 'male', '2015-05-21', 'child'],
      ['Dayana', 'Zelaya Banegas', 'female', '2019-01-14', 'child'],
    ],
  },
  {
    nationality: 'GT',
    members: [
      ['Francisco', 'Tzoc Ixcoy', 'male', '1979-03-08', 'head'],
      ['Juana', 'Batz Chocoj', 'female', '1982-10-22', 'spouse'],
    ],
  },
  { nationality: 'VE', members: [['Yeferson José', 'Lara Navarro', 'male', '1998-08-17', 'head']] },
  {
    nationality: 'GT',
    members: [
      ['Ana Lucía', 'Caal Pop', 'female', '2000-02-02', 'head'],
      ['Brenda', 'Caal Pop', 'female', '2008-04-09', 'sibling'],
    ],
  },
  { nationality: 'HN', members: [['Wilmer Antonio', 'Matute Funes', 'male', '1991-11-30', 'head']] },
  { nationality: 'NI', members: [['Xiomara', 'Espinal Cardona', 'female', '1987-06-25', 'head']] },
  { nationality: 'SV', members: [['Brayan Alexis', 'Portillo Argueta', 'male', '2009-09-09', 'head']] },
  {
    nationality: 'HN',
    members: [
      ['Elmer', 'Discua Membreño', 'male', '1975-01-19', 'head'],
      ['Glenda', 'Murillo Lagos', 'female', '1980-07-07', 'spouse'],
      ['Heidy', 'Discua Murillo', 'female', '2006-03-15', 'child'],
      ['Selvin', 'Discua Murillo', 'male', '2012-12-12', 'child'],
    ],
  },
];

interface DemoService {
  name: string;
  category: ServiceCategory;
  description: string;
  eligibilityDescription?: string;
  languages: string[];
  location?: { city: string; address1: string; postalCode: string; lat: number; lon: number };
}

/** The directory a shelter in Chiapas refers to: legal, health, psychosocial, UNHCR, the next shelter north. */
const DIRECTORY: {
  organization: { name: string; description: string; email?: string; website?: string };
  services: DemoService[];
}[] = [
  {
    organization: {
      name: 'Clínica Jurídica para Personas Refugiadas',
      description: 'Asesoría y representación gratuita en el procedimiento de asilo ante COMAR.',
      email: 'contacto@clinica-juridica.example.org',
      website: 'https://clinica-juridica.example.org',
    },
    services: [
      {
        name: 'Solicitud de la condición de refugiado',
        category: 'legal',
        description: 'Preparación y presentación de la solicitud ante COMAR; acompañamiento a entrevistas.',
        eligibilityDescription: 'Personas que desean pedir asilo en México.',
        languages: ['es', 'en'],
        location: {
          city: 'Tapachula',
          address1: 'Av. Central Norte 12',
          postalCode: '30700',
          lat: 14.9056,
          lon: -92.2634,
        },
      },
      {
        name: 'Recurso de revisión',
        category: 'legal',
        description: 'Apelación de una negativa de COMAR dentro del plazo de 15 días hábiles.',
        languages: ['es'],
      },
    ],
  },
  {
    organization: {
      name: 'Centro de Salud Comunitario Palenque',
      description: 'Consulta médica general, vacunación y atención prenatal sin costo.',
    },
    services: [
      {
        name: 'Consulta médica general',
        category: 'medical',
        description: 'Atención de lesiones del camino, enfermedades respiratorias y crónicas.',
        languages: ['es'],
        location: { city: 'Palenque', address1: 'Calle Hidalgo 45', postalCode: '29960', lat: 17.5094, lon: -91.9823 },
      },
    ],
  },
  {
    organization: {
      name: 'Programa de Acompañamiento Psicosocial',
      description: 'Primeros auxilios psicológicos y acompañamiento a sobrevivientes de violencia.',
    },
    services: [
      {
        name: 'Primeros auxilios psicológicos',
        category: 'psychosocial',
        description: 'Sesiones individuales y grupales; atención a niñas, niños y adolescentes.',
        languages: ['es'],
      },
    ],
  },
  {
    organization: {
      name: 'ACNUR, oficina de Tapachula',
      description: 'Orientación sobre protección internacional, documentación y reubicación.',
      website: 'https://www.acnur.org/mx',
    },
    services: [
      {
        name: 'Orientación y documentación',
        category: 'documentation',
        description: 'Orientación sobre el procedimiento de asilo y trámites de documentación.',
        languages: ['es', 'en', 'fr'],
        location: { city: 'Tapachula', address1: 'Av. 4a Norte 20', postalCode: '30700', lat: 14.9083, lon: -92.2601 },
      },
    ],
  },
  {
    organization: {
      name: 'Casa de Acogida del Norte, Saltillo',
      description: 'Albergue de paso y de estancia media más al norte de la ruta.',
    },
    services: [
      {
        name: 'Alojamiento de estancia media',
        category: 'shelter',
        description: 'Hasta tres meses para quienes esperan su resolución de COMAR.',
        eligibilityDescription: 'Familias y personas con solicitud de asilo en trámite.',
        languages: ['es'],
      },
    ],
  },
];

const REASONS = [
  ['gang_threat', 'extortion'],
  ['violence_witnessed'],
  ['economic'],
  ['domestic_violence'],
  ['persecution'],
];

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  await prepareDatabase(config, migrations, (line) => process.stdout.write(`${line}\n`));

  @Module({
    imports: [
      PlatformModule.forRoot({ ...config, logLevel: 'warn' }),
      AccessModule,
      IntakeModule,
      ReferralsModule,
      AsylumModule,
      IncidentsModule,
      ExportsModule,
      ExportsWorkerModule,
    ],
  })
  class SeedModule {}

  const app = await NestFactory.createApplicationContext(SeedModule, { logger: ['error'] });
  try {
    const dataSource = app.get(DataSource);
    const [{ n }] = (await dataSource.query(
      `SELECT count(*)::int AS n FROM shelters WHERE code IN ('PAL', 'TEN')`,
    )) as {
      n: number;
    }[];
    if (n > 0) {
      process.stdout.write('The demo network is already there (shelters PAL and TEN exist); nothing done.\n');
      return;
    }
    const system = { userId: null, role: null, requestId: 'seed-demo', ip: null };
    const users = app.get(UsersService);
    const password = () => randomBytes(12).toString('base64url');
    const admin = await users.create(
      { email: 'admin@demo.albergue.example', name: 'Ana Administradora', password: password(), role: 'admin' },
      system,
    );
    const actor: Actor = {
      ...system,
      userId: admin.id,
      role: 'admin',
      shelterIds: [],
      organizationId: null,
      sessionId: 'seed',
    };
    const shelters = [];
    for (const shelter of SHELTERS) shelters.push(await app.get(SheltersService).create(shelter, actor));

    const directory = app.get(DirectoryService);
    const serviceIds: string[] = [];
    const organizationIds: string[] = [];
    for (const entry of DIRECTORY) {
      const organization = await directory.createOrganization(actor, entry.organization);
      organizationIds.push(organization.id);
      for (const { location, ...service } of entry.services) {
        const locations = location
          ? [
              {
                locationType: 'physical' as const,
                name: `${organization.name}, ${location.city}`,
                address1: location.address1,
                city: location.city,
                stateProvince: 'Chiapas',
                postalCode: location.postalCode,
                country: 'MX',
                latitude: location.lat,
                longitude: location.lon,
              },
            ]
          : [];
        serviceIds.push(
          (
            await directory.createService(actor, {
              ...service,
              organizationId: organization.id,
              status: 'active',
              locations,
            })
          ).id,
        );
      }
    }

    const accounts: [Role, string, string, string[]?, string?][] = [
      ['coordinator', 'coordinacion@demo.albergue.example', 'Rosa Coordinadora', [shelters[0].id]],
      ['shelter_worker', 'recepcion@demo.albergue.example', 'Pedro Recepción', [shelters[0].id]],
      ['shelter_worker', 'recepcion.tenosique@demo.albergue.example', 'Lupita Recepción', [shelters[1].id]],
      // A lawyer holds no shelters: she reaches persons through the applications assigned to her.
      ['lawyer', 'abogada@demo.albergue.example', 'Lucía Abogada'],
      ['partner', 'socio@demo.albergue.example', 'Clínica Jurídica (socia)', undefined, organizationIds[0]],
    ];
    const printed: string[] = [];
    const twoFactor = app.get(TwoFactorService);
    const printDemoSecrets = config.nodeEnv === 'development';
    /** Turns two-factor on for a demo account (development only) and answers its secret to print. */
    const demoSecondFactor = async (user: UserView): Promise<string> => {
      if (!twoFactor.isRequiredFor(user.role)) return '';
      if (!printDemoSecrets) return '  (turns on two-factor at first login)';
      const owner: Actor = {
        ...system,
        userId: user.id,
        role: user.role,
        shelterIds: [],
        organizationId: null,
        sessionId: 'seed',
      };
      const { secret } = await twoFactor.startEnrollment(owner);
      // Confirmed with the previous step's code (still accepted), so the current code logs in at once.
      await twoFactor.confirmEnrollment(owner, generateSync({ secret, epoch: Math.floor(Date.now() / 1000) - 30 }));
      return `  TOTP secret ${secret}`;
    };
    const adminPassword = password();
    await users.update(admin.id, { password: adminPassword }, actor);
    printed.push(
      `${'admin'.padEnd(15)} ${'admin@demo.albergue.example'.padEnd(42)} ${adminPassword}${await demoSecondFactor(admin)}`,
    );
    const demoUsers: UserView[] = [];
    for (const [role, email, name, shelterIds, organizationId] of accounts) {
      const secret = password();
      const user = await users.create({ email, name, password: secret, role, shelterIds, organizationId }, system);
      demoUsers.push(user);
      printed.push(`${role.padEnd(15)} ${email.padEnd(42)} ${secret}${await demoSecondFactor(user)}`);
    }
    const lawyer = demoUsers.find((user) => user.role === 'lawyer')!;
    const partnerUser = demoUsers.find((user) => user.role === 'partner')!;

    let arrivals = 0;
    const heads: string[] = [];
    const households: string[][] = [];
    for (const [index, family] of FAMILIES.entries()) {
      const day = String(1 + index * 2).padStart(2, '0');
      const result = await app.get(IntakeService).intake(actor, {
        shelterId: shelters[index % 2].id,
        arrivedAt: `2026-11-${day}T${String(18 + (index % 5)).padStart(2, '0')}:30:00-06:00`,
        members: family.members.map(([givenNames, familyNames, sex, birthDate, relationship]) => ({
          person: { givenNames, familyNames, sex, birthDate, nationality: family.nationality, languages: ['es'] },
          relationship: relationship as 'head',
        })),
        reasonsForLeaving: REASONS[index % REASONS.length],
        vulnerabilities: [],
        previousDeportations: index % 3 === 0 ? [{ from: 'MX' }] : [],
        intendedDestination: index % 2 ? 'Monterrey' : 'Ciudad de México',
      });
      arrivals += result.stays.length;
      heads.push(result.stays[0].personId);
      households.push(result.stays.map((stay) => stay.personId));
    }
    const referrals = app.get(ReferralsService);
    const demoReferrals = [
      { person: heads[0], service: serviceIds[0], urgency: 'urgent' as const, reason: 'Quiere pedir asilo en México.' },
      { person: heads[2], service: serviceIds[2], urgency: 'routine' as const, reason: 'Tos desde hace dos semanas.' },
      { person: heads[1], service: serviceIds[3], urgency: 'emergency' as const, reason: 'Menor que viaja solo.' },
    ];
    for (const demo of demoReferrals) {
      await referrals.create(actor, {
        personId: demo.person,
        serviceId: demo.service,
        reason: demo.reason,
        urgency: demo.urgency,
        consentObtained: true,
        sharedFields: ['givenNames', 'familyNames', 'birthYear', 'nationality'],
      });
    }
    const partnerActor: Actor = {
      ...system,
      userId: partnerUser.id,
      role: 'partner',
      shelterIds: [],
      organizationId: organizationIds[0],
      sessionId: 'seed',
    };
    const answered = await seedPartnerReferrals(referrals, actor, partnerActor, households, serviceIds.slice(0, 2));
    const applications = await seedApplications(app, actor, lawyer.id, households);
    const incidents = await seedIncidents(
      app,
      actor,
      shelters.map((shelter) => shelter.id),
    );
    const partner = await seedPartnerAndExport(app, actor, organizationIds[0]);
    const reminders = await queueRemindersRun(config);

    process.stdout.write(
      `Demo network created: shelters PAL and TEN, ${arrivals} arrivals, ${DIRECTORY.length} organizations ` +
        `in the directory, ${demoReferrals.length + answered} referrals (the partner account belongs to the legal ` +
        `clinic, which has one in each state), ${applications} asylum applications of the lawyer (one filing ` +
        `overdue), ${incidents.waiting} incidents waiting for review and ${incidents.verified} verified, and the ` +
        `partner "${partner.name}" with a finished export.\n` +
        `The partner's OpenPGP private key (to open its exports: gpg --import, then gpg --decrypt) is in ` +
        `${partner.privateKeyPath}\n` +
        (reminders
          ? "Today's deadline reminders are recorded by the worker (npm start runs it).\n"
          : "Redis was not reachable: today's reminders come with the worker's daily run.\n") +
        `Accounts (passwords shown once):\n${printed.map((line) => `  ${line}`).join('\n')}\n` +
        (printDemoSecrets && printed.some((line) => line.includes('TOTP secret'))
          ? 'Two-factor is on for the accounts with a TOTP secret: add the secret to an authenticator app, ' +
            'or get the current code with `npm run totp:code -- <secret>` (demo only: these secrets are printed ' +
            'because NODE_ENV=development).\n'
          : ''),
    );
  } finally {
    await app.close();
  }
}

type SeedApp = Awaited<ReturnType<typeof NestFactory.createApplicationContext>>;

/** Referrals to the partner's organization in every state, answered as its partner user would. */
async function seedPartnerReferrals(
  referrals: ReferralsService,
  staff: Actor,
  partner: Actor,
  households: string[][],
  serviceIds: string[],
): Promise<number> {
  const plans: { person: string; answers: ('accepted' | 'declined' | 'completed' | 'no_show' | 'cancelled')[] }[] = [
    { person: households[0][1], answers: [] },
    { person: households[2][0], answers: ['accepted'] },
    { person: households[3][0], answers: ['declined'] },
    { person: households[4][0], answers: ['accepted', 'completed'] },
    { person: households[6][0], answers: ['accepted', 'no_show'] },
    { person: households[7][0], answers: ['cancelled'] },
  ];
  const notes: Record<string, string> = {
    accepted: 'Cita el lunes a las 10:00 en la clínica.',
    declined: 'Ese servicio no atiende casos fuera de Chiapas; le sugerimos ACNUR.',
    completed: 'Solicitud presentada ante COMAR.',
    no_show: 'No llegó a la cita; pueden volver a canalizarla.',
    cancelled: 'La persona siguió su camino.',
  };
  for (const [index, plan] of plans.entries()) {
    const referral = await referrals.create(staff, {
      personId: plan.person,
      serviceId: serviceIds[index % serviceIds.length],
      reason: 'Orientación legal sobre la solicitud de asilo.',
      urgency: index % 3 === 0 ? 'urgent' : 'routine',
      consentObtained: true,
      sharedFields: ['givenNames', 'familyNames', 'birthYear', 'nationality'],
    });
    for (const status of plan.answers) {
      await referrals.changeStatus(status === 'cancelled' ? staff : partner, referral.id, {
        status,
        note: notes[status],
      });
    }
  }
  return plans.length;
}

/** Applications of the demo lawyer, dated from today: one before filing, one overdue, two filed. */
async function seedApplications(app: SeedApp, admin: Actor, lawyerId: string, households: string[][]) {
  const applications = app.get(AsylumApplicationsService);
  const events = app.get(AsylumEventsService);
  const today = todayInMexicoCity();
  const daysAgo = (days: number) => addCalendarDays(today, -days);
  const open = (
    personIds: string[],
    enteredDaysAgo: number,
    grounds: 'particular_social_group' | 'political_opinion' | 'generalized_violence' | 'gender',
    office?: string,
  ) =>
    applications.create(admin, {
      personId: personIds[0],
      dependentIds: personIds.slice(1),
      jurisdiction: 'MX_COMAR',
      ...(office ? { office } : {}),
      enteredCountryOn: daysAgo(enteredDaysAgo),
      grounds,
      lawyerId,
    });
  await open(households[0], 12, 'particular_social_group', 'COMAR Palenque');
  // Entered ten weeks ago and not filed: the filing deadline (30 business days) is overdue.
  await open(households[2], 70, 'gender', 'COMAR Tenosique');
  const filed = await open(households[3], 40, 'political_opinion', 'COMAR Palenque');
  await events.record(admin, filed.id, {
    type: 'filed',
    occurredOn: daysAgo(20),
    note: 'Presentada con acta de nacimiento.',
  });
  // Filed through a representative two days ago: the applicant must ratify within 3 business days.
  const ratify = await open(households[7], 25, 'generalized_violence');
  await events.record(admin, ratify.id, { type: 'filed', occurredOn: daysAgo(1), viaRepresentative: true });
  return 4;
}

/** Incidents of last month, verified (they go in the export), and two of this week waiting for review. */
async function seedIncidents(app: SeedApp, admin: Actor, shelterIds: string[]) {
  const incidents = app.get(IncidentsService);
  const review = app.get(IncidentReviewService);
  const today = todayInMexicoCity();
  const lastMonth = `${addCalendarDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7)}`;
  const incident = (
    shelterId: string,
    occurredOn: string,
    act: 'extortion' | 'robbery' | 'physical_assault' | 'threat',
    perpetrator: 'organized_crime' | 'inm_agent' | 'national_guard' | 'municipal_police',
  ) => ({
    shelterId,
    occurredOn,
    occurredOnApproximate: false,
    location: { state: 'Chiapas', municipality: 'Palenque', placeType: 'rail_line' as const },
    acts: [
      {
        type: act,
        victim: { sex: 'male' as const, ageBand: '26-59' as const, nationality: 'HN' },
        perpetrators: [{ type: perpetrator, count: 2 }],
        injuries: act === 'physical_assault',
        medicalCareDenied: false,
      },
    ],
    narrative: 'Relato de demostración: bajaron al grupo del tren y les pidieron dinero.',
    reportedTo: ['none' as const],
    consent: { level: 'anonymous' as const },
  });
  let verified = 0;
  for (const [day, act, perpetrator] of [
    ['05', 'extortion', 'organized_crime'],
    ['09', 'robbery', 'municipal_police'],
    ['14', 'physical_assault', 'inm_agent'],
    ['21', 'threat', 'national_guard'],
  ] as const) {
    const created = await incidents.create(admin, incident(shelterIds[0], `${lastMonth}-${day}`, act, perpetrator));
    await review.review(admin, created.id, {
      decision: 'verified',
      note: 'Coincide con el registro de la enfermería.',
    });
    verified += 1;
  }
  await incidents.create(admin, incident(shelterIds[0], addCalendarDays(today, -3), 'extortion', 'organized_crime'));
  await incidents.create(admin, incident(shelterIds[1], addCalendarDays(today, -5), 'physical_assault', 'inm_agent'));
  return { verified, waiting: 2 };
}

/**
 * The legal clinic as a partner, with a fresh OpenPGP key whose private half is written under the
 * OS temp directory (never the repository), and last month's aggregate export to it, built now.
 */
async function seedPartnerAndExport(app: SeedApp, admin: Actor, organizationId: string) {
  const name = 'Clínica Jurídica para Personas Refugiadas';
  const { publicKey, privateKey } = await generateKey({
    type: 'curve25519',
    userIDs: [{ name: `${name} (demo)`, email: 'socio@demo.albergue.example' }],
    format: 'armored',
  });
  const privateKeyPath = join(tmpdir(), `albergue-demo-partner-${randomBytes(4).toString('hex')}.asc`);
  writeFileSync(privateKeyPath, privateKey, { mode: 0o600 });
  const partner = await app.get(PartnersService).create(admin, {
    name,
    organizationId,
    pgpPublicKey: publicKey,
    agreement: { datasets: ['incidents_aggregate', 'incidents_deidentified'], minCellSize: 5 },
  } as Parameters<PartnersService['create']>[1]);
  const today = todayInMexicoCity();
  const firstOfThisMonth = `${today.slice(0, 7)}-01`;
  const to = addCalendarDays(firstOfThisMonth, -1);
  const requested = await app.get(ExportsService).request(admin, {
    partnerId: partner.id,
    dataset: 'incidents_aggregate',
    format: 'csv',
    from: `${to.slice(0, 7)}-01`,
    to,
  });
  // Built here so the partner's screen has a finished file at once; the queued job finds it done.
  await app.get(ExportRunner).run(requested.id);
  return { name, privateKeyPath };
}

/** Asks the worker to record today's reminders for the applications above (the daily run came before them). */
async function queueRemindersRun(config: ReturnType<typeof loadConfigOrExit>): Promise<boolean> {
  const queue = new Queue(REMINDERS_QUEUE.name, {
    connection: { url: config.redisUrl, maxRetriesPerRequest: 1, connectTimeout: 2000 },
    prefix: `${config.redisKeyPrefix}:bull`,
  });
  try {
    const asOf = todayInMexicoCity();
    await enqueue(queue, REMINDERS_QUEUE.jobs.recordDue, { asOf }, { jobId: `${reminderRunJobId(asOf)}.seed-demo` });
    return true;
  } catch {
    return false;
  } finally {
    await queue.close().catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`seed:demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
