import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, Roles } from '../common/auth.decorators.js';
import { ApiErrors } from '../common/error-responses.js';
import { UserPage, UserResponse } from './dto/user.response.js';
import { CreateUserDto, ListUsersQuery, UpdateMeDto, UpdateUserDto } from './dto/users.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors(401)
  async get(@CurrentUser() me: AuthUser): Promise<UserResponse> {
    return UserResponse.from(await this.users.get(me.id));
  }

  @Patch()
  @ApiOkResponse({ type: UserResponse, description: 'Role and email cannot be changed here (400)' })
  @ApiErrors(401)
  async update(@CurrentUser() me: AuthUser, @Body() dto: UpdateMeDto): Promise<UserResponse> {
    return UserResponse.from(await this.users.updateMe(me.id, me.sessionId, dto));
  }
}

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ type: UserResponse })
  @ApiErrors(401, 403, 409)
  async create(@CurrentUser() me: AuthUser, @Body() dto: CreateUserDto): Promise<UserResponse> {
    return UserResponse.from(await this.users.create(dto, me.id));
  }

  @Get()
  @ApiOkResponse({ type: UserPage })
  @ApiErrors(401, 403)
  async list(@Query() query: ListUsersQuery): Promise<UserPage> {
    const page = await this.users.list(query);
    return { ...page, items: page.items.map((user) => UserResponse.from(user)) };
  }

  @Get(':id')
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors(401, 403, 404)
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<UserResponse> {
    return UserResponse.from(await this.users.get(id));
  }

  @Patch(':id')
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors(401, 403, 404, 409)
  async update(@CurrentUser() me: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateUserDto): Promise<UserResponse> {
    return UserResponse.from(await this.users.update(id, dto, me.id));
  }
}
